/**
 * The benchmark's default way to run the daemon: one long-running `node dist/main.js run --config FILE` per topic
 * set, as users run it, with each round a poll of every feed by that same process. The first round is the daemon's
 * start (every feed is new, so due at once); later rounds make every feed due in the store and let the daemon's
 * own tick pick them up. A round is over when the store says every feed was checked since the round began and no
 * delivery is left untried; the preloaded probe (pipeline-probe.ts) then writes the round's figures on SIGUSR2.
 *
 * Unlike a `run --once` per round, later rounds run on code the JIT has already optimised, as a daemon's polls do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { readVmHwmKb, summarizeLogs, type DaemonRun } from './pipeline-daemon.js';

export interface SessionOptions {
  main: string;
  /** Flags for the daemon's node, before the probe's --import. */
  nodeFlags: string[];
  probe: string;
  configFile: string;
  dir: string;
  dbFile: string;
}

export interface SessionRound {
  round: string;
  /** When the round began (before the daemon started, or before the feeds were made due). */
  sinceMs: number;
  feeds: number;
  profile: boolean;
  timeoutMs: number;
}

/** How often the store is asked whether the round is over (the span ends at recorded events, not at the poll). */
const POLL_MS = 100;
/** Longer than the daemon's log flush interval. */
const LOG_FLUSH_WAIT_MS = 400;

/** A daemon started on the first round and stopped by `stop`. */
export class DaemonSession {
  private child: ChildProcess | null = null;
  private readonly chunks: Buffer[] = [];
  private logOffset = 0;
  private exited: Promise<number | null> | null = null;
  private exitCode: number | null | undefined = undefined;
  private readonly probeFile: string;
  private hwmKb: number | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly options: SessionOptions) {
    this.probeFile = join(options.dir, 'probe-session.json');
  }

  async round(spec: SessionRound): Promise<DaemonRun> {
    const started = Date.now();
    rmSync(this.probeFile, { force: true });
    rmSync(`${this.probeFile}.cpuprofile`, { force: true });
    if (spec.profile) writeFileSync(`${this.probeFile}.profile`, '');
    else rmSync(`${this.probeFile}.profile`, { force: true });

    if (this.child === null) this.start();
    else this.makeFeedsDue();
    const done = await this.waitForRound(spec);
    if (done && this.exitCode === undefined) {
      this.child!.kill('SIGUSR2');
      // Stopping a profiler and writing a cold round's profile takes longer than the figures alone.
      await this.waitFor(() => existsSync(this.probeFile) || this.exitCode !== undefined, spec.profile ? 120_000 : 10_000);
    }
    // The daemon buffers its log lines for up to 100 ms (src/log.ts): the round's last lines must be in before the
    // round's slice of the log is cut, or they would count in the next round.
    await new Promise((r) => setTimeout(r, LOG_FLUSH_WAIT_MS));
    const text = Buffer.concat(this.chunks).toString('utf8');
    const roundText = text.slice(this.logOffset);
    this.logOffset = text.length;
    writeFileSync(join(this.options.dir, `daemon-${spec.round}.log`), roundText);
    const { logs } = summarizeLogs(roundText);
    const ended = this.finishedAt(spec.sinceMs);
    if (!done) logs.errors.push(this.exitCode !== undefined ? `the daemon exited (code ${this.exitCode}) during the round` : `the round did not finish in ${spec.timeoutMs / 1000} s`);
    const profileFile = `${this.probeFile}.cpuprofile`;
    let profile: string | null = null;
    if (spec.profile && existsSync(profileFile)) {
      profile = join(this.options.dir, `profile-${spec.round}.cpuprofile`);
      writeFileSync(profile, readFileSync(profileFile));
    }
    return {
      exitCode: this.exitCode === undefined ? 0 : this.exitCode,
      wallMs: Date.now() - started,
      finishedAtMs: ended,
      probe: existsSync(this.probeFile) ? (JSON.parse(readFileSync(this.probeFile, 'utf8')) as Record<string, number | null>) : null,
      metrics: null,
      vmHwmMb: this.hwmKb === null ? null : Math.round(this.hwmKb / 1024),
      logs,
      profile,
      stderrTail: roundText.split('\n').slice(-5).join('\n'),
    };
  }

  /** SIGTERM, then waits for the daemon's graceful exit. */
  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    if (this.child === null || this.exitCode !== undefined) return;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 60_000);
    this.child.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }

  private start(): void {
    const child = spawn(process.execPath, [...this.options.nodeFlags, '--import', this.options.probe, this.options.main, 'run', '--config', this.options.configFile], {
      env: { ...process.env, LOG_LEVEL: 'info', NEWSWATCH_BENCH_PROBE_FILE: this.probeFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr!.on('data', (d: Buffer) => this.chunks.push(d));
    this.exited = new Promise((resolve) =>
      child.on('close', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    this.poll = setInterval(() => {
      const kb = child.pid === undefined ? null : readVmHwmKb(child.pid);
      if (kb !== null) this.hwmKb = Math.max(this.hwmKb ?? 0, kb);
    }, 50);
  }

  /** What a due time in the past does: the daemon's next tick enqueues every feed. */
  private makeFeedsDue(): void {
    this.withDb(false, (db) => db.prepare('UPDATE feeds SET next_check_at = 0').run());
  }

  private async waitForRound(spec: SessionRound): Promise<boolean> {
    const since = spec.sinceMs;
    return this.waitFor(() => {
      if (!existsSync(this.options.dbFile)) return false;
      return this.withDb(true, (db) => {
        const checked = (db.prepare('SELECT count(*) AS n FROM feeds WHERE last_checked_at >= ?').get(since) as { n: number }).n;
        if (checked < spec.feeds) return false;
        // The daemon's own definition of "not yet tried" (store countUntriedDeliveries); EXISTS stops at the first
        // one, where a count read every pending row (3 ms a poll in the 10k cold round, CPU taken from the daemon).
        const untried = db.prepare("SELECT EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND (updated_at < ? OR attempts = 0)) AS n").get(since) as { n: number };
        return untried.n === 0;
      });
    }, spec.timeoutMs);
  }

  /** The round's last event the store recorded: a feed checked or a delivery tried. */
  private finishedAt(since: number): number | null {
    return this.withDb(true, (db) => {
      const feeds = db.prepare('SELECT max(last_checked_at) AS t FROM feeds WHERE last_checked_at >= ?').get(since) as { t: number | null };
      const deliveries = db.prepare('SELECT max(updated_at) AS t FROM deliveries WHERE created_at >= ?').get(since) as { t: number | null };
      const times = [feeds.t, deliveries.t].filter((t): t is number => t !== null);
      return times.length > 0 ? Math.max(...times) : null;
    });
  }

  private withDb<T>(readonly: boolean, use: (db: SQLite.Database) => T): T {
    const db = new SQLite(this.options.dbFile, { readonly, fileMustExist: true, timeout: 10_000 });
    try {
      return use(db);
    } finally {
      db.close();
    }
  }

  private async waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined) return false;
      try {
        if (ready()) return true;
      } catch {
        // The store is being created or migrated; try again.
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return false;
  }
}
