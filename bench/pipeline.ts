/**
 * `npm run bench -- pipeline [--quick] [--feeds N] [--items K] [--hosts H] [--topics M[,M2…]] [--rounds cold,steady,changed,novalidators,renewed]
 * [--peers newsboat,feed2exec,plain|none] [--profile ROUNDS] [--mode daemon|once] [--idle S] [--node-flags F] [--repeat N] [--json]`: the whole daemon, end to end, on a
 * local feed farm.
 *
 * By default one long-running daemon (`dist/main.js run`) per topic set does every round, as users run it
 * (pipeline-session.ts); `--mode once` starts a new `run --once` process per round instead, so every round also
 * pays the JIT's warm-up. The real path: BullMQ on a real redis-server, the SQLite store, undici
 * against N feeds of K items served by nginx (or a Node server) on 127.0.0.1, with M watch topics alerting a local
 * webhook receiver that counts deliveries by `webhook-id`. Rounds share the store and Redis, as successive polls of
 * a daemon do: cold (every item new), steady (nothing changed: all 304), changed (10% of the feeds get new items),
 * novalidators (the server ignores conditional headers: all 200, every item already seen), and when asked for,
 * renewed (every item replaced by a new one, on the warm daemon). Each topic-set size gets
 * a fresh store, Redis and farm state. Peers (newsboat, feed2exec, and the issue's plain pipeline as a baseline
 * measured on this machine) run on the same farm after our cold and steady rounds, with their own state. Figures
 * only: nothing here asserts a target.
 *
 * Per round: feeds/s and items/s over the span from the daemon's first feed request to the round's last event (a
 * daemon's last feed check, delivery, request or alert; `run --once`'s "run --once finished" line); start-up —
 * config load, topic compilation — is shown apart, matches and alerts from the store, alerts
 * received (and duplicated) at the receiver, event-loop delay p99 and peak RSS of the worker (a preloaded probe,
 * pipeline-probe.ts), and where the time went: the daemon's own per-stage timings when its log lines carry them,
 * and with --profile a CPU profile of the named rounds broken down by stage.
 *
 * `--repeat N` runs the whole series N times (each time a fresh store, Redis and farm state, and the peers again),
 * then prints each figure's median over the runs: on a small VM one run's figures vary by 15–30%, and a target is
 * judged by the median, each ratio taken against the peer of its own run.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { createCorpus, createRandom, type Corpus } from './match-corpus.js';
import { runDaemon, storeCounts, writeDaemonConfig, type DaemonRun, type StoreCounts } from './pipeline-daemon.js';
import { DaemonSession } from './pipeline-session.js';
import { startFarm, type Farm, type FarmRequest } from './pipeline-farm.js';
import { createPeers, PEER_NAMES, type Peer, type PeerName, type PeerRun } from './pipeline-peers.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './pipeline-profile.js';
import { groupRuns, median } from './pipeline-runs.js';
import { checkTargets, formatTargets } from './pipeline-targets.js';
import { startReceiver, type Receiver } from './pipeline-receiver.js';
import { createBenchTopics, nearSupported } from './pipeline-topics.js';

const ROUNDS = ['cold', 'steady', 'changed', 'novalidators', 'renewed'] as const;
type Round = (typeof ROUNDS)[number];
/** `renewed` (every item new again, on a daemon already warm) is asked for by name only. */
const DEFAULT_ROUNDS: readonly Round[] = ['cold', 'steady', 'changed', 'novalidators'];
/** Rounds after which the peers run too (the ratio is printed for these). */
const PEER_ROUNDS: readonly Round[] = ['cold', 'steady'];
const CHANGED_SHARE = 0.1;
const DAEMON_TIMEOUT_MS = 20 * 60_000;
const PEER_TIMEOUT_MS = 30 * 60_000;
/** The match benchmark's corpus seed: the farm's text and the topics come from the same synthetic world. */
const CORPUS_SEED = 20_251_031;

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PROBE = fileURLToPath(new URL('./pipeline-probe.js', import.meta.url));

interface Options {
  feeds: number;
  items: number;
  /** Hosts (ports) the farm spreads the feeds over; default one per feed. */
  hosts: number;
  topics: number[];
  rounds: Round[];
  peers: PeerName[];
  json: boolean;
  /** Rounds run under `node --cpu-prof`. */
  profile: Round[];
  main: string;
  /** Flags for the daemon's node (`--node-flags=--no-flush-bytecode`: a value starting with - needs the =), as a user may start it with. */
  nodeFlags: string[];
  /** daemon: one long-running `run` per topic set (the default); once: a new `run --once` process per round. */
  mode: 'daemon' | 'once';
  /** Seconds the daemon sits idle before each round after the first, as between a daemon's polls. */
  idle: number;
  nodeFarm: boolean;
  keep: boolean;
  /** Times the whole series runs (--repeat). */
  repeat: number;
}

export interface RoundResult {
  bench: 'pipeline';
  round: Round;
  /** Which run of the series (1 unless --repeat). */
  run: number;
  feeds: number;
  topics: number;
  feeds_per_s: number;
  items_per_s: number;
  new_items_per_s: number;
  alerts_expected: number;
  alerts_received: number;
  alerts_duplicated: number;
  loop_p99_ms: number | null;
  rss_mb: number | null;
  peers: Partial<Record<PeerName, number | null>>;
  /** Figures printed in the table and kept in the JSON for the record. */
  seconds: number;
  startup_s: number | null;
  responses: { ok: number; not_modified: number; other: number };
  items: number;
  new_items: number;
  matches: number;
  deliveries_pending: number;
  deliveries_failed: number;
  loop_max_ms: number | null;
  /** The probe's loop delay from the first feed request on (start-up left out) and peak RSS, and VmHWM polled. */
  probe: { loop_p99_ms: number | null; rss_mb: number | null; vm_hwm_mb: number | null };
  cpu_s: number | null;
  /** Main-thread busy time after start-up (event-loop utilisation × span) and the utilisation itself. */
  loop_busy_s: number | null;
  loop_utilization: number | null;
  /** CPU time of the main thread after start-up (/proc): robust to other load on the machine. */
  main_cpu_s: number | null;
  timings_ms: Record<string, number>;
  /** Alerts delivered after the round's last feed check, and how long after it the last one was. */
  drain: { alerts: number; ms: number } | null;
  profiled: boolean;
  server: string;
  errors: string[];
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      feeds: { type: 'string' },
      items: { type: 'string' },
      quick: { type: 'boolean', default: false },
      hosts: { type: 'string', default: '' },
      topics: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: DEFAULT_ROUNDS.join(',') },
      peers: { type: 'string', default: PEER_NAMES.join(',') },
      json: { type: 'boolean', default: false },
      profile: { type: 'string', default: '' },
      main: { type: 'string', default: join(ROOT, 'dist', 'main.js') },
      'node-flags': { type: 'string', default: '' },
      mode: { type: 'string', default: 'daemon' },
      idle: { type: 'string', default: '0' },
      'node-farm': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
    },
    strict: true,
  });
  // --quick: a farm small enough for a minute or two, peers included (the full size takes 15–30 min with feed2exec).
  const feeds = values.feeds ?? (values.quick ? '200' : '1000');
  const items = values.items ?? (values.quick ? '20' : '50');
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} takes a positive integer, as in --${name} 100`);
    return n;
  };
  const rounds = values.rounds.split(',').filter((r) => r !== '');
  for (const r of rounds) if (!(ROUNDS as readonly string[]).includes(r)) throw new Error(`--rounds: unknown round "${r}" (rounds: ${ROUNDS.join(', ')})`);
  const profile = values.profile.split(',').filter((r) => r !== '');
  for (const r of profile) if (!(ROUNDS as readonly string[]).includes(r)) throw new Error(`--profile: unknown round "${r}" (rounds: ${ROUNDS.join(', ')})`);
  if (values.mode !== 'daemon' && values.mode !== 'once') throw new Error(`--mode takes daemon or once, not "${values.mode}"`);
  const peers = values.peers === 'none' ? [] : values.peers.split(',').filter((p) => p !== '');
  for (const p of peers) if (!(PEER_NAMES as readonly string[]).includes(p)) throw new Error(`--peers: unknown peer "${p}" (peers: ${PEER_NAMES.join(', ')}, or none)`);
  return {
    feeds: positive('feeds', feeds),
    items: positive('items', items),
    hosts: values.hosts === '' ? positive('feeds', feeds) : positive('hosts', values.hosts),
    topics: values.topics.split(',').map((t) => positive('topics', t)),
    rounds: rounds as Round[],
    peers: peers as PeerName[],
    json: values.json,
    profile: profile as Round[],
    main: resolve(values.main),
    nodeFlags: values['node-flags'].split(' ').filter((f) => f !== ''),
    mode: values.mode,
    idle: values.idle === '0' ? 0 : positive('idle', values.idle),
    nodeFarm: values['node-farm'],
    keep: values.keep,
    repeat: positive('repeat', values.repeat),
  };
}

function metricOf(source: Record<string, unknown> | null, key: string): number | null {
  const value = source?.[key];
  return typeof value === 'number' ? value : null;
}

const round1 = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Requests of one client in the farm's log, and the span they cover. */
function requestsBy(requests: readonly FarmRequest[], userAgent: string) {
  const mine = requests.filter((r) => r.userAgent.toLowerCase().includes(userAgent));
  const count = (status: number) => mine.filter((r) => r.status === status).length;
  return {
    firstMs: mine.length > 0 ? Math.min(...mine.map((r) => r.atMs)) : null,
    lastMs: mine.length > 0 ? Math.max(...mine.map((r) => r.atMs)) : null,
    ok: count(200),
    notModified: count(304),
    other: mine.length - count(200) - count(304),
  };
}

interface SeriesContext {
  options: Options;
  corpus: Corpus;
  farm: Farm;
  receiver: Receiver;
  dir: string;
  topics: number;
  configFile: string;
  peers: Peer[];
  /** The long-running daemon in --mode daemon. */
  session: DaemonSession | null;
  /** Which run of the series (--repeat), from 1. */
  run: number;
}

async function runRound(ctx: SeriesContext, round: Round, index: number): Promise<{ result: RoundResult; run: DaemonRun; profile: ProfileSummary | null }> {
  const { options, farm } = ctx;
  if (round === 'changed') {
    const changed = farm.changeFeeds(CHANGED_SHARE, Math.max(1, Math.round(options.items / 5)), index);
    log(`  ${changed} feeds changed (${Math.max(1, Math.round(options.items / 5))} new items each)`);
  }
  if (round === 'renewed') {
    // Every feed's items replaced by as many new ones: the cold round's work on a daemon whose code is already warm.
    log(`  ${farm.changeFeeds(1, options.items, index)} feeds renewed (${options.items} new items each)`);
  }
  if (round === 'novalidators') await farm.setValidators(false);
  farm.takeRequests();
  ctx.receiver.take();

  const sinceMs = Date.now();
  const profiled = options.profile.includes(round);
  const run = ctx.session
    ? await ctx.session.round({ round, sinceMs, feeds: options.feeds, profile: profiled, timeoutMs: DAEMON_TIMEOUT_MS })
    : await runDaemon({
        main: options.main,
        nodeFlags: options.nodeFlags,
        probe: PROBE,
        configFile: ctx.configFile,
        dir: ctx.dir,
        round,
        ...(profiled ? { profileDir: join(ctx.dir, `profile-${round}`) } : {}),
        timeoutMs: DAEMON_TIMEOUT_MS,
      });
  // nginx flushes its access log every 100 ms.
  await new Promise((r) => setTimeout(r, 250));
  const ours = requestsBy(farm.takeRequests(), 'newswatch');
  const received = ctx.receiver.take();
  if (round === 'novalidators') await farm.setValidators(true);
  if (run.exitCode !== 0) log(`  daemon exited with code ${run.exitCode}:\n${run.stderrTail}`);

  let stored: StoreCounts | null = null;
  try {
    stored = storeCounts(join(ctx.dir, 'newswatch.db'), sinceMs);
  } catch (err) {
    log(`  could not read the store: ${(err as Error).message}`);
  }
  // A daemon's round ends at its last recorded event: a feed checked or a delivery tried (from its store), the
  // last request the farm answered, the last alert received.
  const finishedAtMs = ctx.session
    ? Math.max(...[run.finishedAtMs, ours.lastMs, received.lastAtMs].filter((t): t is number => t !== null))
    : run.finishedAtMs;
  const spanMs = ours.firstMs !== null && finishedAtMs !== null && Number.isFinite(finishedAtMs) ? Math.max(1, finishedAtMs - ours.firstMs) : run.wallMs;
  const items = run.logs.items;
  const newItems = run.logs.newArticles;
  const probe = run.probe;
  const errors = [...run.logs.errors];
  if (stored && stored.deliveries !== stored.alertedMatches) errors.push(`store has ${stored.alertedMatches} alerted matches but ${stored.deliveries} deliveries`);
  if (ours.ok + ours.notModified + ours.other !== options.feeds) errors.push(`the farm answered ${ours.ok + ours.notModified + ours.other} requests for ${options.feeds} feeds`);
  if (run.logs.failed > 0) errors.push(`${run.logs.failed} feeds failed`);
  if (run.exitCode !== 0) errors.push(`the daemon exited with code ${run.exitCode}: ${run.stderrTail.split('\n').find((l) => l.trim() !== '') ?? ''}`.slice(0, 300));

  let profile: ProfileSummary | null = null;
  if (run.profile) profile = summarizeProfile(run.profile, 20);

  const result: RoundResult = {
    bench: 'pipeline',
    round,
    run: ctx.run,
    feeds: options.feeds,
    topics: ctx.topics,
    feeds_per_s: round1((options.feeds * 1000) / spanMs),
    items_per_s: round1((items * 1000) / spanMs),
    new_items_per_s: round1((newItems * 1000) / spanMs),
    alerts_expected: stored?.deliveries ?? run.logs.deliveries,
    alerts_received: received.distinct,
    alerts_duplicated: received.duplicated,
    // The daemon's own figures (NEWSWATCH_METRICS_FILE) when it writes them; else the preloaded probe's.
    loop_p99_ms: metricOf(run.metrics, 'loop_p99_ms') ?? metricOf(probe, 'loop_p99_ms'),
    rss_mb: metricOf(run.metrics, 'rss_peak_mb') ?? metricOf(probe, 'rss_peak_mb') ?? run.vmHwmMb,
    peers: Object.fromEntries(PEER_NAMES.map((p) => [p, null])) as Partial<Record<PeerName, number | null>>,
    seconds: round1(spanMs / 1000, 2),
    startup_s: probe?.startup_ms == null ? null : round1(probe.startup_ms / 1000, 2),
    responses: { ok: ours.ok, not_modified: ours.notModified, other: ours.other },
    items,
    new_items: newItems,
    matches: stored?.matches ?? run.logs.newMatches,
    deliveries_pending: stored?.pending ?? 0,
    deliveries_failed: stored?.failed ?? 0,
    loop_max_ms: metricOf(run.metrics, 'loop_max_ms') ?? metricOf(probe, 'loop_max_ms'),
    probe: { loop_p99_ms: metricOf(probe, 'loop_p99_ms'), rss_mb: metricOf(probe, 'rss_peak_mb'), vm_hwm_mb: run.vmHwmMb },
    cpu_s: probe ? round1(((probe.cpu_user_ms ?? 0) + (probe.cpu_system_ms ?? 0)) / 1000, 1) : null,
    loop_busy_s: metricOf(probe, 'loop_busy_ms') === null ? null : round1(metricOf(probe, 'loop_busy_ms')! / 1000, 2),
    loop_utilization: metricOf(probe, 'loop_utilization'),
    main_cpu_s: metricOf(probe, 'main_cpu_ms') === null ? null : round1(metricOf(probe, 'main_cpu_ms')! / 1000, 2),
    timings_ms: run.logs.timingsMs,
    drain: run.logs.drain,
    profiled,
    server: farm.server,
    errors,
  };
  return { result, run, profile };
}

/** Runs each installed peer on the farm as it is now, checking in the farm's log that it fetched every feed. */
async function runPeers(ctx: SeriesContext): Promise<PeerRun[]> {
  const { options, farm } = ctx;
  const peerRuns: PeerRun[] = [];
  for (const peer of ctx.peers) {
    if (peer.missing) continue;
    farm.takeRequests();
    log(`  ${peer.name}…`);
    const peerRun = await peer.run();
    await new Promise((r) => setTimeout(r, 250));
    const seen = requestsBy(farm.takeRequests(), peer.userAgent);
    peerRun.note += `; ${seen.ok} × 200, ${seen.notModified} × 304${seen.other > 0 ? `, ${seen.other} other` : ''}; ${peerRun.storedItems ?? '?'} items in its store`;
    // A peer that did not actually request every feed has not done the work its figure claims.
    if (peerRun.ok && seen.ok + seen.notModified < options.feeds) {
      peerRun.ok = false;
      peerRun.note += ` — only ${seen.ok + seen.notModified} of ${options.feeds} feeds answered; no figure`;
      peerRun.feedsPerS = null;
    }
    if (peerRun.feedsPerS !== null) peerRun.feedsPerS = round1(peerRun.feedsPerS, 1);
    peerRuns.push(peerRun);
  }
  return peerRuns;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function printRound(r: RoundResult, profile: ProfileSummary | null): void {
  const alerts = `${r.alerts_received}/${r.alerts_expected}${r.alerts_duplicated > 0 ? ` (${r.alerts_duplicated} twice)` : ''}`;
  out(
    `${r.round.padEnd(12)} ${String(r.topics).padStart(6)} topics  ${String(r.feeds_per_s).padStart(7)} feeds/s  ${String(r.items_per_s).padStart(7)} items/s ` +
      `(${r.new_items_per_s} new/s)  ${r.seconds}s  ${r.responses.ok}×200 ${r.responses.not_modified}×304${r.responses.other ? ` ${r.responses.other}×other` : ''}  ` +
      `matches ${r.matches}  alerts ${alerts}  loop p99 ${r.loop_p99_ms ?? '?'} ms (max ${r.loop_max_ms ?? '?'}; after start-up ${r.probe.loop_p99_ms ?? '?'})  ` +
      `RSS ${r.rss_mb ?? '?'} MB  ` +
      `CPU ${r.cpu_s ?? '?'}s  main thread CPU ${r.main_cpu_s ?? '?'}s, busy ${r.loop_busy_s ?? '?'}s (${r.loop_utilization === null ? '?' : Math.round(r.loop_utilization * 100)}%)  ` +
      `start-up ${r.startup_s ?? '?'}s${r.profiled ? '  [profiled]' : ''}`,
  );
  if (r.deliveries_pending || r.deliveries_failed) out(`  deliveries still pending ${r.deliveries_pending}, failed ${r.deliveries_failed}`);
  const timings = Object.entries(r.timings_ms);
  if (timings.length > 0) {
    const total = timings.reduce((s, [, v]) => s + v, 0);
    out(`  daemon timings (sum over feeds): ${timings.map(([k, v]) => `${k} ${Math.round(v)} ms (${Math.round((100 * v) / total)}%)`).join(', ')}`);
  } else {
    out('  daemon timings: none logged (a 304 is logged at debug level only; --profile shows where its time goes)');
  }
  if (r.drain && r.drain.alerts > 0) {
    out(`  deliveries after the last feed check: ${r.drain.alerts} of ${r.alerts_received} alerts, the last ${(r.drain.ms / 1000).toFixed(2)} s after it`);
  }
  if (profile) out(formatProfile(profile));
  for (const e of r.errors) out(`  ! ${e}`);
}

function printPeers(r: RoundResult, peerRuns: readonly PeerRun[]): void {
  for (const p of peerRuns) {
    const ratio = p.feedsPerS && r.feeds_per_s ? ` → ours ÷ ${p.peer} = ${(r.feeds_per_s / p.feedsPerS).toFixed(1)}×` : '';
    out(`  ${p.peer}: ${p.feedsPerS ?? 'no figure'} feeds/s (${(p.wallMs / 1000).toFixed(1)} s; ${p.note})${ratio}`);
  }
}

/** One line per round: the figures the targets speak of, and the peers' ratio. */
function printSummary(results: readonly RoundResult[], repeated: boolean): void {
  // The run column only when the series ran more than once.
  const run = (cell: string): string[] => (repeated ? [cell] : []);
  const header = ['round', ...run('run'), 'topics', 'feeds/s', 'items/s', 'new items/s', 'alerts exp/recv/dup', 'loop p99 ms', 'RSS MB', 'main CPU s', 'newsboat', 'feed2exec', 'plain'];
  const ratio = (r: RoundResult, peer: PeerName) => {
    const theirs = r.peers[peer];
    return typeof theirs === 'number' ? `${theirs}/s (${(r.feeds_per_s / theirs).toFixed(1)}×)` : '–';
  };
  const rows = results.map((r) => [
    r.round,
    ...run(String(r.run)),
    String(r.topics),
    String(r.feeds_per_s),
    String(r.items_per_s),
    String(r.new_items_per_s),
    `${r.alerts_expected}/${r.alerts_received}/${r.alerts_duplicated}`,
    String(r.loop_p99_ms ?? '?'),
    String(r.rss_mb ?? '?'),
    String(r.main_cpu_s ?? '?'),
    ratio(r, 'newsboat'),
    ratio(r, 'feed2exec'),
    ratio(r, 'plain'),
  ]);
  printTable(header, rows);
}

function printTable(header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  out('');
  for (const row of [header, ...rows]) out(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

/** With --repeat: per round and topic count, the median of each figure over the runs, and its range. */
function printMedians(results: readonly RoundResult[]): void {
  const header = ['median of runs', 'topics', 'runs', 'feeds/s', 'new items/s', 'main CPU s', 'newsboat ×', 'plain ×'];
  const rows = groupRuns(results).map(({ round, topics, runs }) => {
    const spread = (values: readonly number[], digits = 0) => {
      const fixed = (n: number) => n.toFixed(digits);
      return values.length === 0 ? '–' : `${fixed(median(values))} (${fixed(Math.min(...values))}–${fixed(Math.max(...values))})`;
    };
    const ratios = (peer: PeerName) => runs.flatMap((r) => (typeof r.peers[peer] === 'number' && r.peers[peer] > 0 ? [r.feeds_per_s / r.peers[peer]] : []));
    return [
      round,
      String(topics),
      String(runs.length),
      spread(runs.map((r) => r.feeds_per_s)),
      spread(runs.map((r) => r.new_items_per_s)),
      spread(runs.flatMap((r) => (r.main_cpu_s === null ? [] : [r.main_cpu_s])), 2),
      spread(ratios('newsboat'), 2),
      spread(ratios('plain'), 2),
    ];
  });
  printTable(header, rows);
}

/** Entry point used by bench/main.ts. */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const base = mkdtempSync(join(tmpdir(), 'nw-bench-pipeline-'));
  const near = nearSupported(join(ROOT, 'docs', 'query-language.md'));
  log(`pipeline bench: ${options.feeds} feeds × ${options.items} items, topics ${options.topics.join(', ')}, rounds ${options.rounds.join(', ')}; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB; work dir ${base}`);
  log(`  NEAR in topics: ${near ? 'yes' : 'no (not documented in docs/query-language.md, or not compiled by the engine): NEAR became AND'}`);

  const corpus = createCorpus(createRandom(CORPUS_SEED));
  const generated = Date.now();
  const farm = await startFarm({ dir: join(base, 'farm'), feeds: options.feeds, items: options.items, corpus, nowMs: Date.now(), hosts: options.hosts, preferNode: options.nodeFarm });
  log(`  farm: ${farm.server} on 127.0.0.1, ${farm.hosts} hosts (ports), ${(farm.totalBytes() / 1e6).toFixed(1)} MB written in ${((Date.now() - generated) / 1000).toFixed(1)} s`);
  const receiver = await startReceiver();
  const results: RoundResult[] = [];
  const feedUrls = Array.from({ length: options.feeds }, (_, f) => farm.feedUrl(f));
  try {
    for (let runNumber = 1; runNumber <= options.repeat; runNumber++) for (const [series, topicCount] of options.topics.entries()) {
      if (options.repeat > 1) log(`run ${runNumber} of ${options.repeat}, ${topicCount} topics`);
      const dir = join(base, options.repeat > 1 ? `topics-${topicCount}-run${runNumber}` : `topics-${topicCount}`);
      mkdirSync(dir, { recursive: true });
      const redis = await startRedisServer();
      try {
        const { topics, rewritten } = createBenchTopics(corpus, topicCount, near);
        if (rewritten > 0) log(`  ${rewritten} of ${topicCount} topic queries rewritten (NEAR → AND or scope dropped)`);
        const configFile = writeDaemonConfig({
          dir,
          redisUrl: redis.url,
          feeds: feedUrls.map((url, f) => ({ id: `feed-${String(f).padStart(5, '0')}`, url })),
          topics,
          webhookUrl: receiver.url,
          // A daemon's tick finds due feeds; 1 s makes a round start soon after the feeds are made due.
          ...(options.mode === 'daemon' ? { tick: '1s' } : {}),
        });
        // Most peers run once, with the first topic set (they do not match topics); the plain pipeline matches and
        // alerts, so it runs with every set.
        const peerNames = series === 0 ? options.peers : options.peers.filter((p) => p === 'plain');
        const peers = createPeers(peerNames, { dir: join(dir, 'peers'), feedUrls, configFile, threads: 8, timeoutMs: PEER_TIMEOUT_MS });
        for (const p of peers) if (p.missing) log(`  peer skipped: ${p.missing}`);
        if (series > 0 || runNumber > 1) farm.reset();
        const session =
          options.mode === 'daemon' ? new DaemonSession({ main: options.main, nodeFlags: options.nodeFlags, probe: PROBE, configFile, dir, dbFile: join(dir, 'newswatch.db') }) : null;
        const ctx: SeriesContext = { options, corpus, farm, receiver, dir, topics: topicCount, configFile, peers, session, run: runNumber };
        try {
          for (const [index, round] of options.rounds.entries()) {
            if (index > 0 && options.idle > 0) {
              log(`  idle ${options.idle} s…`);
              await new Promise((r) => setTimeout(r, options.idle * 1000));
            }
            log(`round ${round}, ${topicCount} topics…`);
            const { result, profile } = await runRound(ctx, round, index);
            results.push(result);
            if (!options.json) printRound(result, profile);
            if (PEER_ROUNDS.includes(round) && ctx.peers.some((p) => !p.missing)) {
              const peerRuns = await runPeers(ctx);
              for (const p of peerRuns) result.peers[p.peer] = p.feedsPerS;
              if (!options.json) printPeers(result, peerRuns);
            }
            if (options.json) out(JSON.stringify(result));
          }
        } finally {
          await session?.stop();
        }
      } finally {
        await redis.stop();
      }
    }
    if (!options.json && results.length > 1) printSummary(results, options.repeat > 1);
    if (!options.json && options.repeat > 1) printMedians(results);
    if (!options.json) for (const line of ['', ...formatTargets(checkTargets(results), options)]) out(line);
  } finally {
    await receiver.close();
    await farm.stop();
    if (!options.keep) rmSync(base, { recursive: true, force: true });
    else log(`kept ${base}`);
  }
}
