/** Figures of repeated runs (--repeat): grouped by round and topic count, summed up by their median. */
import type { RoundResult } from './pipeline.js';

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The runs of each round and topic count, in the order they first ran. */
export function groupRuns(results: readonly RoundResult[]): { round: RoundResult['round']; topics: number; runs: RoundResult[] }[] {
  const groups = new Map<string, { round: RoundResult['round']; topics: number; runs: RoundResult[] }>();
  for (const r of results) {
    const key = `${r.round}/${r.topics}`;
    const group = groups.get(key) ?? { round: r.round, topics: r.topics, runs: [] };
    group.runs.push(r);
    groups.set(key, group);
  }
  return [...groups.values()];
}
