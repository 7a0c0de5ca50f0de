/**
 * Peers on the same feed farm, doing what they do on a reload: fetch, parse and remember which items they have seen.
 * - newsboat (`newsboat -x reload`): its own urls file, config (`reload-threads`) and SQLite cache in a temp dir.
 * - feed2exec (`feed2exec fetch --parallel`): an ini with every feed and the `null` output plugin (so only fetch,
 *   parse and its seen-items database count), its own database and cache dir.
 * - plain: the issue's deliberately plain pipeline (plain-pipeline.ts) on the same Redis, topics and receiver,
 *   matching and alerting too; it runs with every topic set. Its figure is its span from the first feed request to
 *   the last job done, as ours is (start-up left out); the other peers' is their process's wall time.
 * Each peer keeps its state between its cold and steady runs, as ours does. A peer that is not installed is skipped
 * with a note; a peer whose run fails is reported as failed, never with a figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { PLAIN_USER_AGENT, type PlainResult } from './plain-pipeline-result.js';

export const PEER_NAMES = ['newsboat', 'feed2exec', 'plain'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface PeerRun {
  peer: PeerName;
  ok: boolean;
  note: string;
  wallMs: number;
  feedsPerS: number | null;
  /** Items in the peer's own store after the run. */
  storedItems: number | null;
}

export interface Peer {
  name: PeerName;
  /** Why it cannot run (not installed), or null. */
  missing: string | null;
  /** Substring of the User-Agent it sends, to find its requests in the farm's log. */
  userAgent: string;
  run(): Promise<PeerRun>;
}

function installed(command: string, versionArg: string): boolean {
  return spawnSync(command, [versionArg], { stdio: 'ignore' }).status === 0;
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: err.message, wallMs: Date.now() - started });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: Date.now() - started });
    });
  });
}

function countRows(file: string, sql: string): number | null {
  if (!existsSync(file)) return null;
  try {
    const db = new SQLite(file, { readonly: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export interface PeerOptions {
  dir: string;
  feedUrls: readonly string[];
  /** The daemon's bench config (feeds, topics, Redis, receiver), which the plain pipeline reads too. */
  configFile: string;
  /** newsboat's reload-threads. */
  threads: number;
  timeoutMs: number;
}

function newsboat(options: PeerOptions): Peer {
  const dir = join(options.dir, 'newsboat');
  const cache = join(dir, 'cache.db');
  const missing = installed('newsboat', '--version') ? null : 'newsboat is not installed (apt-get install newsboat)';
  return {
    name: 'newsboat',
    missing,
    userAgent: 'newsboat',
    async run() {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'urls'), `${options.feedUrls.join('\n')}\n`);
      writeFileSync(
        join(dir, 'config'),
        [`reload-threads ${options.threads}`, 'download-timeout 60', 'max-items 0', 'show-read-feeds yes', `error-log "${join(dir, 'error.log')}"`, ''].join('\n'),
      );
      // HOME and XDG dirs point inside the temp dir, so nothing of the user's own newsboat is read or written.
      const env = { HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, TERM: 'dumb' };
      const result = await exec('newsboat', ['-x', 'reload', '-u', join(dir, 'urls'), '-c', cache, '-C', join(dir, 'config')], env, options.timeoutMs);
      const ok = result.code === 0;
      return {
        peer: 'newsboat',
        ok,
        note: ok ? `reload-threads ${options.threads}` : `exit ${result.code}: ${result.stderr.trim().slice(0, 200)}`,
        wallMs: result.wallMs,
        feedsPerS: ok ? (options.feedUrls.length * 1000) / result.wallMs : null,
        storedItems: countRows(cache, 'SELECT count(*) AS n FROM rss_item'),
      };
    },
  };
}

function feed2exec(options: PeerOptions): Peer {
  const dir = join(options.dir, 'feed2exec');
  const database = join(dir, 'feed2exec.db');
  const config = join(dir, 'feed2exec.ini');
  const missing = installed('feed2exec', '--version') ? null : 'feed2exec is not installed (apt-get install feed2exec)';
  return {
    name: 'feed2exec',
    missing,
    userAgent: 'feed2exec',
    async run() {
      mkdirSync(dir, { recursive: true });
      const sections = options.feedUrls.map((url, i) => `[feed-${String(i).padStart(5, '0')}]\nurl = ${url}\n`);
      writeFileSync(config, `[DEFAULT]\noutput = feed2exec.plugins.null\n\n${sections.join('\n')}`);
      const env = { HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), XDG_DATA_HOME: dir };
      const result = await exec('feed2exec', ['--config', config, '--database', database, 'fetch', '--parallel'], env, options.timeoutMs);
      const ok = result.code === 0;
      return {
        peer: 'feed2exec',
        ok,
        note: ok ? 'fetch --parallel, output null' : `exit ${result.code}: ${result.stderr.trim().slice(0, 200)}`,
        wallMs: result.wallMs,
        feedsPerS: ok ? (options.feedUrls.length * 1000) / result.wallMs : null,
        storedItems: countRows(database, 'SELECT count(*) AS n FROM feedcache'),
      };
    },
  };
}

function plain(options: PeerOptions): Peer {
  const script = fileURLToPath(new URL('./plain-pipeline.js', import.meta.url));
  const database = join(options.dir, 'plain.db');
  return {
    name: 'plain',
    missing: null,
    userAgent: PLAIN_USER_AGENT,
    async run() {
      mkdirSync(options.dir, { recursive: true });
      const result = await exec(process.execPath, [script, '--config', options.configFile, '--db', database], {}, options.timeoutMs);
      let counts: PlainResult | null = null;
      try {
        counts = result.code === 0 ? (JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as PlainResult) : null;
      } catch {
        counts = null;
      }
      const ok = counts !== null && counts.failed === 0 && counts.spanMs > 0;
      return {
        peer: 'plain',
        ok,
        note: counts
          ? `16 jobs at once; ${counts.newItems} new of ${counts.items} items, ${counts.matches} matches, ${counts.alerts} alerts posted, ${counts.failed} feeds failed; process ${(result.wallMs / 1000).toFixed(1)} s`
          : `exit ${result.code}: ${result.stderr.trim().slice(0, 200)}`,
        wallMs: counts?.spanMs ?? result.wallMs,
        feedsPerS: ok ? (options.feedUrls.length * 1000) / counts!.spanMs : null,
        storedItems: countRows(database, 'SELECT count(*) AS n FROM articles'),
      };
    },
  };
}

export function createPeers(names: readonly PeerName[], options: PeerOptions): Peer[] {
  return names.map((name) => (name === 'newsboat' ? newsboat(options) : name === 'feed2exec' ? feed2exec(options) : plain(options)));
}
