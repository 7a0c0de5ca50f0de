import { describe, expect, it } from 'vitest';
import type { RoundResult } from '../../../bench/pipeline.js';
import { groupRuns, median } from '../../../bench/pipeline-runs.js';

describe('pipeline bench: repeated runs', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('median of no values');
  });

  it('groups runs by round and topic count, in the order they first ran', () => {
    const r = (round: RoundResult['round'], topics: number, run: number) => ({ round, topics, run }) as RoundResult;
    const results = [r('cold', 1000, 1), r('steady', 1000, 1), r('cold', 10_000, 1), r('cold', 1000, 2), r('steady', 1000, 2), r('cold', 10_000, 2)];
    expect(groupRuns(results).map((g) => [g.round, g.topics, g.runs.map((x) => x.run)])).toEqual([
      ['cold', 1000, [1, 2]],
      ['steady', 1000, [1, 2]],
      ['cold', 10_000, [1, 2]],
    ]);
  });
});
