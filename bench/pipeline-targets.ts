/**
 * The issue's targets, checked against a run's figures: one line each, with what was measured and whether it was
 * met. Printed, never asserted. The targets are stated for the default farm (1,000 feeds of 50 items) on a 2-core
 * machine with one worker process; on another farm or machine the lines still print, with that said first.
 */
import type { RoundResult } from './pipeline.js';
import { groupRuns, median } from './pipeline-runs.js';

export interface TargetLine {
  target: string;
  measured: string;
  /** null: no round of this run measures it. */
  met: boolean | null;
}

/** The farm the issue states its targets for (also the benchmark's default). */
const TARGET_FEEDS = 1000;
const TARGET_ITEMS = 50;

const COLD_NEW_ITEMS_PER_S: readonly (readonly [topics: number, itemsPerS: number])[] = [
  [1000, 10_000],
  [10_000, 5_000],
];
const STEADY_FEEDS_PER_S = 2_000;
/**
 * What the issue measured its deliberately plain pipeline at, on its own machine. With the plain peer run on this
 * machine, each throughput target is also read as the same multiple of the plain pipeline here.
 */
const PLAIN_COLD_ITEMS_PER_S = new Map([
  [1000, 7_200],
  [10_000, 3_200],
]);
const PLAIN_STEADY_FEEDS_PER_S = 1_500;
const NEWSBOAT_RATIO = 10;
const LOOP_P99_MS = 100;
const RSS_MB = 300;

const thousands = (n: number): string => n.toLocaleString('en-US');
/** A median of two runs may fall between whole numbers. */
const whole = (n: number): string => thousands(Math.round(n));

/** Every target the run has figures for; a target no round measured says so. */
export function checkTargets(results: readonly RoundResult[]): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const [topics, goal] of COLD_NEW_ITEMS_PER_S) {
    const cold = results.filter((r) => r.round === 'cold' && r.topics === topics);
    lines.push(each(`cold ≥ ${thousands(goal)} new items/s at ${thousands(topics)} topics`, cold, (r) => figure(r.new_items_per_s, thousands(r.new_items_per_s)), (v) => v >= goal, whole));
  }
  const steady = results.filter((r) => r.round === 'steady');
  lines.push(
    each(
      `steady (all 304) ≥ ${thousands(STEADY_FEEDS_PER_S)} feeds/s`,
      steady,
      (r) => figure(r.feeds_per_s, `${thousands(r.feeds_per_s)} (${r.topics} topics)`),
      (v) => v >= STEADY_FEEDS_PER_S,
      whole,
    ),
  );
  for (const [topics, goal] of COLD_NEW_ITEMS_PER_S) {
    lines.push(overPlain('cold', topics, goal / PLAIN_COLD_ITEMS_PER_S.get(topics)!, `${thousands(goal)} ÷ ${thousands(PLAIN_COLD_ITEMS_PER_S.get(topics)!)}`, results));
  }
  lines.push(overPlain('steady', null, STEADY_FEEDS_PER_S / PLAIN_STEADY_FEEDS_PER_S, `${thousands(STEADY_FEEDS_PER_S)} ÷ ${thousands(PLAIN_STEADY_FEEDS_PER_S)}`, results));
  const withNewsboat = results.filter((r) => r.round === 'cold' && typeof r.peers.newsboat === 'number' && r.peers.newsboat > 0);
  lines.push(
    each(
      `cold ≥ ${NEWSBOAT_RATIO}× newsboat's feeds/s`,
      withNewsboat,
      (r) => {
        const ratio = r.feeds_per_s / (r.peers.newsboat as number);
        return figure(ratio, `${ratio.toFixed(1)}× (${r.feeds_per_s} vs ${r.peers.newsboat} feeds/s)`);
      },
      (v) => v >= NEWSBOAT_RATIO,
      (v) => `${v.toFixed(1)}×`,
    ),
  );
  lines.push(worst(`event-loop p99 ≤ ${LOOP_P99_MS} ms, every round`, results, (r) => r.loop_p99_ms, LOOP_P99_MS, 'ms'));
  lines.push(worst(`worker RSS ≤ ${RSS_MB} MB, every round`, results, (r) => r.rss_mb, RSS_MB, 'MB'));
  const alerts = results.reduce((n, r) => n + r.alerts_expected, 0);
  const wrong = results.filter((r) => r.alerts_received !== r.alerts_expected || r.alerts_duplicated > 0);
  lines.push({
    target: 'every alert received exactly once',
    measured: wrong.length === 0 ? `${thousands(alerts)} alerts, none missing or twice` : wrong.map((r) => `${r.round}/${r.topics}: ${r.alerts_received} of ${r.alerts_expected}, ${r.alerts_duplicated} twice`).join('; '),
    met: results.length === 0 ? null : wrong.length === 0,
  });
  return lines;
}

/** A throughput target read as a multiple of the plain pipeline measured in the same run (same farm, same rounds). */
function overPlain(round: string, topics: number | null, ratio: number, from: string, results: readonly RoundResult[]): TargetLine {
  const rounds = results.filter((r) => r.round === round && (topics === null || r.topics === topics) && typeof r.peers.plain === 'number' && r.peers.plain > 0);
  const where = topics === null ? '' : ` at ${thousands(topics)} topics`;
  return each(
    `${round} ≥ ${ratio.toFixed(2)}× the plain pipeline${where} (${from})`,
    rounds,
    (r) => {
      const ours = r.feeds_per_s / (r.peers.plain as number);
      return figure(ours, `${ours.toFixed(2)}× (${r.feeds_per_s} vs ${r.peers.plain} feeds/s${topics === null ? `, ${r.topics} topics` : ''})`);
    },
    (v) => v >= ratio,
    (v) => `${v.toFixed(2)}×`,
  );
}

interface Figure {
  value: number;
  text: string;
}

const figure = (value: number, text: string): Figure => ({ value, text });

/**
 * One figure per round, judged per topic count: a single run by its figure, repeated runs (--repeat) of the same
 * round and topic count by their median, as this machine's run-to-run noise is ±15–30%. Met when every topic count is.
 */
function each(
  target: string,
  rounds: readonly RoundResult[],
  figureOf: (r: RoundResult) => Figure,
  meets: (value: number) => boolean,
  format: (value: number) => string,
): TargetLine {
  if (rounds.length === 0) return { target, measured: 'not measured in this run', met: null };
  // The rounds are all of one kind: grouping by round and topic count groups them by topic count.
  const groups = groupRuns(rounds).map(({ runs }) => {
    const figures = runs.map(figureOf);
    if (figures.length === 1) return { text: figures[0]!.text, ok: meets(figures[0]!.value) };
    const middle = median(figures.map((f) => f.value));
    return { text: `${figures.map((f) => f.text).join(', ')}: median ${format(middle)}`, ok: meets(middle) };
  });
  return { target, measured: groups.map((g) => g.text).join('; '), met: groups.every((g) => g.ok) };
}

/** The worst round's figure against a ceiling. */
function worst(target: string, rounds: readonly RoundResult[], figure: (r: RoundResult) => number | null, ceiling: number, unit: string): TargetLine {
  const known = rounds.filter((r) => figure(r) !== null);
  if (known.length === 0) return { target, measured: 'not measured in this run', met: null };
  const top = known.reduce((a, b) => (figure(b)! > figure(a)! ? b : a));
  return { target, measured: `worst ${figure(top)} ${unit} (${top.round}, ${top.topics} topics)`, met: known.every((r) => figure(r)! <= ceiling) };
}

/** The lines as printed under the summary table. */
export function formatTargets(lines: readonly TargetLine[], farm: { feeds: number; items: number }): string[] {
  const out = ["against the issue's targets (2-core machine, one worker process):"];
  if (farm.feeds !== TARGET_FEEDS || farm.items !== TARGET_ITEMS) {
    out.push(`  (the targets are for ${TARGET_FEEDS} feeds × ${TARGET_ITEMS} items; this farm is ${farm.feeds} × ${farm.items})`);
  }
  const width = Math.max(...lines.map((l) => l.target.length));
  for (const l of lines) out.push(`  ${l.target.padEnd(width)}  ${l.met === null ? '–     ' : l.met ? 'met   ' : 'missed'}  ${l.measured}`);
  return out;
}
