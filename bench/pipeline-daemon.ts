/**
 * Runs the real daemon for one benchmark round: `node dist/main.js run --once --config FILE` with the probe
 * preloaded, LOG_LEVEL=info, and peak RSS polled from /proc as a cross-check. Reads back what the daemon logged
 * (pino JSON lines on stderr) and what it stored (its SQLite file, read-only, after it exited).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

export interface BenchConfig {
  dir: string;
  redisUrl: string;
  feeds: { id: string; url: string }[];
  topics: { id: string; name: string; query: string }[];
  webhookUrl: string;
  /** The daemon's tick (how often it looks for due feeds); the config's default when absent. */
  tick?: string;
}

/** Writes the daemon's config (JSON is YAML) and returns its path. */
export function writeDaemonConfig(config: BenchConfig): string {
  const file = join(config.dir, 'newswatch.yaml');
  const doc = {
    redis: config.redisUrl,
    ...(config.tick ? { tick: config.tick } : {}),
    store: `sqlite:${join(config.dir, 'newswatch.db')}`,
    data_dir: join(config.dir, 'data'),
    backfill: '24h',
    log_level: 'info',
    network: { allow_private: true },
    feeds: config.feeds.map((f) => ({ id: f.id, url: f.url, every: '10m' })),
    topics: config.topics.map((t) => ({ id: t.id, name: t.name, query: t.query, notify: ['bench-hook'] })),
    notifiers: [{ id: 'bench-hook', type: 'webhook', url: config.webhookUrl }],
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 1)}\n`);
  return file;
}

export interface DaemonRun {
  exitCode: number | null;
  wallMs: number;
  /** Epoch ms of the `run --once finished` line, else of the last line. */
  finishedAtMs: number | null;
  probe: Record<string, number | null> | null;
  /** What the daemon itself wrote to $NEWSWATCH_METRICS_FILE, when it supports it. */
  metrics: Record<string, unknown> | null;
  vmHwmMb: number | null;
  logs: LogSummary;
  profile: string | null;
  stderrTail: string;
}

export interface LogSummary {
  feedChecked: number;
  notModified: number;
  failed: number;
  items: number;
  newArticles: number;
  newMatches: number;
  deliveries: number;
  alertsDelivered: number;
  deliveryFailures: number;
  errors: string[];
  /** Sums of numeric `…Ms` fields on "feed checked" / "feed not modified" / "alert delivered" lines, if any. */
  timingsMs: Record<string, number>;
  /**
   * Alerts delivered after the last feed was checked, and the span from that check to the last alert: how long the
   * deliveries trail the feeds (null without both kinds of line).
   */
  drain: { alerts: number; ms: number } | null;
  summary: Record<string, unknown> | null;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export function summarizeLogs(text: string): { logs: LogSummary; finishedAtMs: number | null } {
  const logs: LogSummary = {
    feedChecked: 0,
    notModified: 0,
    failed: 0,
    items: 0,
    newArticles: 0,
    newMatches: 0,
    deliveries: 0,
    alertsDelivered: 0,
    deliveryFailures: 0,
    errors: [],
    timingsMs: {},
    drain: null,
    summary: null,
  };
  let finishedAtMs: number | null = null;
  let lastAtMs: number | null = null;
  let lastFeedAtMs: number | null = null;
  const alertTimes: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const msg = entry.msg;
    if (typeof entry.time === 'number') lastAtMs = entry.time;
    if (msg === 'feed checked') {
      logs.feedChecked++;
      lastFeedAtMs = typeof entry.time === 'number' ? entry.time : lastFeedAtMs;
      logs.items += num(entry.items);
      logs.newArticles += num(entry.newArticles);
      logs.newMatches += num(entry.newMatches);
      logs.deliveries += num(entry.deliveries);
    } else if (msg === 'feed not modified') {
      logs.notModified++;
    } else if (msg === 'feed check failed') {
      logs.failed++;
      if (logs.errors.length < 5) logs.errors.push(String(entry.err));
    } else if (msg === 'alert delivered') {
      logs.alertsDelivered++;
      if (typeof entry.time === 'number') alertTimes.push(entry.time);
    } else if (typeof msg === 'string' && msg.startsWith('delivery failed')) {
      logs.deliveryFailures++;
      if (logs.errors.length < 5) logs.errors.push(String(entry.err));
    } else if (msg === 'run --once finished') {
      logs.summary = entry;
      finishedAtMs = typeof entry.time === 'number' ? entry.time : null;
    } else if (typeof entry.level === 'number' && entry.level >= 50 && logs.errors.length < 5) {
      logs.errors.push(`${String(msg)} ${String(entry.err ?? '')}`);
    }
    if (msg === 'feed checked' || msg === 'feed not modified' || msg === 'alert delivered') {
      for (const [key, value] of Object.entries(entry)) {
        if (key.endsWith('Ms') && typeof value === 'number') logs.timingsMs[key] = (logs.timingsMs[key] ?? 0) + value;
      }
      // A nested `ms: {fetch, parse, …}` object is read too.
      if (entry.ms && typeof entry.ms === 'object') {
        for (const [key, value] of Object.entries(entry.ms as Record<string, unknown>)) {
          if (typeof value === 'number') logs.timingsMs[key] = (logs.timingsMs[key] ?? 0) + value;
        }
      }
    }
  }
  if (lastFeedAtMs !== null && alertTimes.length > 0) {
    const after = alertTimes.filter((t) => t > lastFeedAtMs!);
    logs.drain = { alerts: after.length, ms: after.length === 0 ? 0 : after.reduce((a, b) => Math.max(a, b)) - lastFeedAtMs };
  }
  return { logs, finishedAtMs: finishedAtMs ?? lastAtMs };
}

/** Peak RSS of a process so far, in kB (Linux /proc; null when it is gone). */
export function readVmHwmKb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface RunOptions {
  main: string;
  /** Flags for the daemon's node, before the probe's --import. */
  nodeFlags: string[];
  probe: string;
  configFile: string;
  dir: string;
  round: string;
  profileDir?: string;
  timeoutMs: number;
}

/** Runs `newswatch run --once` to completion. */
export async function runDaemon(options: RunOptions): Promise<DaemonRun> {
  const probeFile = join(options.dir, `probe-${options.round}.json`);
  const metricsFile = join(options.dir, `metrics-${options.round}.json`);
  const logFile = join(options.dir, `daemon-${options.round}.log`);
  const nodeArgs = [...options.nodeFlags, '--import', options.probe];
  if (options.profileDir) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.profileDir);
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, options.main, 'run', '--once', '--config', options.configFile], {
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      NEWSWATCH_BENCH_PROBE_FILE: probeFile,
      NEWSWATCH_METRICS_FILE: metricsFile,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => chunks.push(d));
  let hwmKb: number | null = null;
  const poll = setInterval(() => {
    const kb = child.pid === undefined ? null : readVmHwmKb(child.pid);
    if (kb !== null) hwmKb = Math.max(hwmKb ?? 0, kb);
  }, 50);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(poll);
  clearTimeout(timer);
  const wallMs = Date.now() - started;
  const stderr = Buffer.concat(chunks).toString('utf8');
  writeFileSync(logFile, stderr);
  const { logs, finishedAtMs } = summarizeLogs(stderr);
  const readJson = (file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, never>) : null);
  let profile: string | null = null;
  if (options.profileDir && existsSync(options.profileDir)) {
    // One profile per thread, named CPU.<date>.<time>.<pid>.<thread id>.<seq>: thread 0 is the event loop.
    const files = readdirSync(options.profileDir).filter((f) => f.endsWith('.cpuprofile'));
    const main = files.find((f) => f.split('.')[4] === '0') ?? files.sort()[0];
    profile = main ? join(options.profileDir, main) : null;
  }
  return {
    exitCode,
    wallMs,
    finishedAtMs,
    probe: readJson(probeFile),
    metrics: readJson(metricsFile),
    vmHwmMb: hwmKb === null ? null : Math.round(hwmKb / 1024),
    logs,
    profile,
    stderrTail: stderr.split('\n').slice(-5).join('\n'),
  };
}

export interface StoreCounts {
  matches: number;
  alertedMatches: number;
  deliveries: number;
  delivered: number;
  pending: number;
  failed: number;
  articles: number;
}

/** What the round stored: rows created at or after `sinceMs` (the store's clock is the daemon's `now`). */
export function storeCounts(dbFile: string, sinceMs: number): StoreCounts {
  const db = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get(sinceMs) as { n: number }).n;
    const statuses = db.prepare('SELECT status, count(*) AS n FROM deliveries WHERE created_at >= ? GROUP BY status').all(sinceMs) as { status: string; n: number }[];
    const byStatus = (s: string) => statuses.find((r) => r.status === s)?.n ?? 0;
    return {
      matches: one('SELECT count(*) AS n FROM matches WHERE created_at >= ?'),
      alertedMatches: one('SELECT count(*) AS n FROM matches WHERE created_at >= ? AND alerted = 1'),
      deliveries: statuses.reduce((sum, r) => sum + r.n, 0),
      delivered: byStatus('delivered'),
      pending: byStatus('pending'),
      failed: byStatus('failed'),
      articles: one('SELECT count(*) AS n FROM articles WHERE first_seen_at >= ?'),
    };
  } finally {
    db.close();
  }
}
