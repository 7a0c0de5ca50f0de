/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time per pipeline stage (by the
 * file a function lives in) and the costliest functions. Stages are decided by path, first rule that matches.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Pipeline stage of a source file; order matters (the first match wins). */
const STAGES: readonly [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['gc', /^\(garbage collector\)$/],
  ['fetch', /\/(src|dist)\/fetch\/|node_modules\/undici\//],
  ['parse', /\/(src|dist)\/parse\/|node_modules\/(rss-parser|xml2js|sax|htmlparser2|entities|domhandler|domutils)\//],
  ['match', /\/(src|dist)\/match\//],
  ['stories', /\/(src|dist)\/stories\//],
  ['store', /\/(src|dist)\/store\/|node_modules\/(kysely|better-sqlite3)\//],
  ['deliver', /\/(src|dist)\/notify\/|\/(src|dist)\/pipeline\/deliver/],
  ['pipeline', /\/(src|dist)\/pipeline\//],
  ['queue', /\/(src|dist)\/schedule\/|node_modules\/(bullmq|ioredis|msgpackr|cron-parser|redis-parser|cluster-key-slot|denque|standard-as-callback)\//],
  ['log', /node_modules\/(pino|pino-std-serializers|sonic-boom|fast-redact|thread-stream|on-exit-leak-free|quick-format-unescaped|safe-stable-stringify)\//],
  ['startup', /\/(src|dist)\/(config|cli)\/|node_modules\/(yaml|zod)\//],
];

export interface ProfileSummary {
  /** Wall span of the profile, ms. */
  totalMs: number;
  /** From the start of the profile to the first sample inside checkFeed; not counted in `stages` and `top`. */
  startupMs: number;
  /** Self time per stage, ms (includes idle and gc). */
  stages: Record<string, number>;
  /** The costliest functions by self time. */
  top: { name: string; where: string; stage: string; ms: number }[];
  /**
   * Self time by stage after the last sample inside a feed's check (null for worker threads): what the event loop
   * still did once every feed was stored, mostly delivering the alerts those feeds made.
   */
  tail: { ms: number; stages: Record<string, number> } | null;
}

const PIPELINE_START = /^(checkFeed|processFetchJob)$/;
/** A feed's own check; not processFetchJob, which also runs the daemon's tick (every second, feeds or not). */
const FEED_CHECK = /^checkFeed$/;

function stageOf(frame: ProfileNode['callFrame']): string {
  const { functionName, url } = frame;
  if (url === '') {
    for (const [stage, pattern] of STAGES.slice(0, 2)) if (pattern.test(functionName)) return stage;
    // Native frames (`(program)`, builtins) have no URL: attributed to their caller below.
    return '';
  }
  for (const [stage, pattern] of STAGES) if (pattern.test(url)) return stage;
  // Node's own modules (TextDecoder, timers, events) work for whoever called them.
  return url.startsWith('node:') ? '' : 'other';
}

/**
 * Self time by stage (after start-up unless `splitStartup` is false, as for worker threads, which never run
 * checkFeed). A frame without a URL (a builtin such as JSON.parse or a regexp) is charged to the nearest
 * caller that has one, so `JSON.parse` inside the store counts as store time.
 */
export function summarizeProfile(file: string, topCount = 15, options: { splitStartup?: boolean } = {}): ProfileSummary {
  const splitStartup = options.splitStartup ?? true;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageCache = new Map<number, string>();
  const stageOfNode = (id: number): string => {
    const cached = stageCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    let stage = stageOf(node.callFrame);
    if (stage === '') {
      const up = parent.get(id);
      stage = up === undefined ? 'other' : stageOfNode(up);
      if (stage === 'idle' || stage === 'gc') stage = 'other';
    }
    stageCache.set(id, stage);
    return stage;
  };

  /** Whether a node or one of its callers is named by `pattern` (memoized per node). */
  const underFunction = (pattern: RegExp): ((id: number) => boolean) => {
    const known = new Map<number, boolean>();
    const test = (id: number): boolean => {
      let found = known.get(id);
      if (found === undefined) {
        const up = parent.get(id);
        found = pattern.test(byId.get(id)!.callFrame.functionName) || (up !== undefined && test(up));
        known.set(id, found);
      }
      return found;
    };
    return test;
  };
  // Start-up (module loading, config, topic compilation) ends at the first sample inside checkFeed.
  const isPipeline = underFunction(PIPELINE_START);
  const isFeedCheck = underFunction(FEED_CHECK);
  let startupUs = 0;
  let started = false;
  let lastInFeed = -1;
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    // timeDeltas[i] is the time before sample i; the sample's own duration is the next delta.
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (splitStartup && isFeedCheck(id)) lastInFeed = i;
    started ||= !splitStartup || isPipeline(id);
    if (!started) {
      startupUs += us;
      continue;
    }
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }
  let tail: ProfileSummary['tail'] = null;
  if (lastInFeed >= 0) {
    tail = { ms: 0, stages: {} };
    for (let i = lastInFeed + 1; i < profile.samples.length; i++) {
      const us = profile.timeDeltas[i + 1] ?? 0;
      const stage = stageOfNode(profile.samples[i]!);
      tail.ms += us / 1000;
      tail.stages[stage] = (tail.stages[stage] ?? 0) + us / 1000;
    }
    tail.ms = Math.round(tail.ms);
    for (const k of Object.keys(tail.stages)) tail.stages[k] = Math.round(tail.stages[k]!);
  }
  const stages: Record<string, number> = {};
  const fns = new Map<string, { name: string; where: string; stage: string; us: number }>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const stage = stageOfNode(id);
    stages[stage] = (stages[stage] ?? 0) + us / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === '' ? '(native)' : `${url.replace(/^.*\/(node_modules|src|dist|dist-bench)\//, '$1/')}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = fns.get(key) ?? { name: functionName || '(anonymous)', where, stage, us: 0 };
    entry.us += us;
    fns.set(key, entry);
  }
  const top = [...fns.values()]
    .sort((a, b) => b.us - a.us)
    .filter((f) => f.stage !== 'idle')
    .slice(0, topCount)
    .map((f) => ({ name: f.name, where: f.where, stage: f.stage, ms: Math.round(f.us / 100) / 10 }));
  for (const k of Object.keys(stages)) stages[k] = Math.round(stages[k]!);
  return { totalMs: Math.round((profile.endTime - profile.startTime) / 1000), startupMs: Math.round(startupUs / 1000), stages, top, tail };
}

/** A few lines for the human report. */
export function formatProfile(summary: ProfileSummary): string {
  const { busy, line: stageLine } = stageBreakdown(summary.stages);
  const lines = [`  CPU profile: ${summary.startupMs} ms start-up, then ${summary.totalMs - summary.startupMs} ms of which busy ${Math.round(busy)} ms: ${stageLine}`];
  if (summary.tail && summary.tail.ms > 0) {
    const tail = stageBreakdown(summary.tail.stages);
    lines.push(`  after the last feed check: ${summary.tail.ms} ms of which busy ${Math.round(tail.busy)} ms: ${tail.line}`);
  }
  lines.push('  top self time after start-up:');
  for (const f of summary.top) lines.push(`    ${f.ms.toFixed(1).padStart(8)} ms  ${f.stage.padEnd(8)} ${f.name}  ${f.where}`);
  return lines.join('\n');
}

/** Busy time (all but idle) and a line of stages, largest first, each with its share of the busy time. */
function stageBreakdown(stages: Record<string, number>): { busy: number; line: string } {
  const busy = Object.entries(stages).filter(([s]) => s !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
  const line = Object.entries(stages)
    .sort((a, b) => b[1] - a[1])
    .map(([s, ms]) => `${s} ${ms} ms${s === 'idle' ? '' : ` (${Math.round((100 * ms) / Math.max(busy, 1))}%)`}`)
    .join(', ');
  return { busy, line };
}
