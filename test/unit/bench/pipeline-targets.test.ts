import { describe, expect, it } from 'vitest';
import type { RoundResult } from '../../../bench/pipeline.js';
import { checkTargets, formatTargets } from '../../../bench/pipeline-targets.js';

function round(over: Partial<RoundResult>): RoundResult {
  return {
    bench: 'pipeline', round: 'cold', run: 1, feeds: 1000, topics: 1000, feeds_per_s: 100, items_per_s: 5000, new_items_per_s: 5000,
    alerts_expected: 10, alerts_received: 10, alerts_duplicated: 0, loop_p99_ms: 40, rss_mb: 250, peers: {}, seconds: 10,
    startup_s: 2, responses: { ok: 1000, not_modified: 0, other: 0 }, items: 50_000, new_items: 50_000, matches: 10,
    deliveries_pending: 0, deliveries_failed: 0, loop_max_ms: 60, probe: { loop_p99_ms: 40, rss_mb: 250, vm_hwm_mb: 250 },
    cpu_s: 20, loop_busy_s: 9, loop_utilization: 0.9, main_cpu_s: 9, timings_ms: {}, drain: null, profiled: false, server: 'nginx', errors: [],
    ...over,
  };
}

const verdict = (lines: ReturnType<typeof checkTargets>, prefix: string) => lines.find((l) => l.target.startsWith(prefix));

describe('pipeline bench: the issue targets', () => {
  it('judges each figure against its target, per topic count', () => {
    const lines = checkTargets([
      round({ round: 'cold', topics: 1000, new_items_per_s: 10_500, peers: { newsboat: 10 } }),
      round({ round: 'steady', topics: 1000, feeds_per_s: 1500, new_items_per_s: 0, alerts_expected: 0, alerts_received: 0 }),
      round({ round: 'cold', topics: 10_000, new_items_per_s: 4000, loop_p99_ms: 120, rss_mb: 310 }),
    ]);
    expect(verdict(lines, 'cold ≥ 10,000')).toMatchObject({ met: true, measured: '10,500' });
    expect(verdict(lines, 'cold ≥ 5,000')).toMatchObject({ met: false, measured: '4,000' });
    expect(verdict(lines, 'steady')).toMatchObject({ met: false, measured: '1,500 (1000 topics)' });
    expect(verdict(lines, 'cold ≥ 10×')).toMatchObject({ met: true, measured: '10.0× (100 vs 10 feeds/s)' });
    expect(verdict(lines, 'event-loop')).toMatchObject({ met: false, measured: 'worst 120 ms (cold, 10000 topics)' });
    expect(verdict(lines, 'worker RSS')).toMatchObject({ met: false, measured: 'worst 310 MB (cold, 10000 topics)' });
    expect(verdict(lines, 'every alert')).toMatchObject({ met: true, measured: '20 alerts, none missing or twice' });
  });

  it('says what a run did not measure, and counts a lost or repeated alert as missed', () => {
    const lines = checkTargets([round({ alerts_received: 9, alerts_duplicated: 1 })]);
    expect(verdict(lines, 'cold ≥ 5,000')).toMatchObject({ met: null, measured: 'not measured in this run' });
    expect(verdict(lines, 'steady')).toMatchObject({ met: null });
    expect(verdict(lines, 'cold ≥ 10×')).toMatchObject({ met: null });
    expect(verdict(lines, 'every alert')).toMatchObject({ met: false, measured: 'cold/1000: 9 of 10, 1 twice' });
  });

  it('reads each throughput target as the same multiple of the plain pipeline measured in the same run', () => {
    const lines = checkTargets([
      round({ round: 'cold', topics: 1000, feeds_per_s: 100, peers: { plain: 70 } }),
      round({ round: 'steady', topics: 1000, feeds_per_s: 1500, peers: { plain: 1000 } }),
      round({ round: 'cold', topics: 10_000, feeds_per_s: 30, peers: { plain: 25 } }),
    ]);
    expect(verdict(lines, 'cold ≥ 1.39× the plain pipeline at 1,000 topics (10,000 ÷ 7,200)')).toMatchObject({ met: true, measured: '1.43× (100 vs 70 feeds/s)' });
    expect(verdict(lines, 'cold ≥ 1.56× the plain pipeline at 10,000 topics (5,000 ÷ 3,200)')).toMatchObject({ met: false, measured: '1.20× (30 vs 25 feeds/s)' });
    expect(verdict(lines, 'steady ≥ 1.33× the plain pipeline (2,000 ÷ 1,500)')).toMatchObject({ met: true, measured: '1.50× (1500 vs 1000 feeds/s, 1000 topics)' });
    // Without the plain peer, nothing to read them against.
    expect(verdict(checkTargets([round({})]), 'cold ≥ 1.39×')).toMatchObject({ met: null, measured: 'not measured in this run' });
  });

  it('judges repeated runs of a round by their median, each topic count on its own', () => {
    const lines = checkTargets([
      round({ topics: 10_000, new_items_per_s: 5_400, feeds_per_s: 108, peers: { plain: 60 } }),
      round({ topics: 10_000, new_items_per_s: 4_100, feeds_per_s: 82, peers: { plain: 70 } }),
      round({ topics: 10_000, new_items_per_s: 5_100, feeds_per_s: 102, peers: { plain: 64 } }),
      round({ round: 'steady', topics: 1000, feeds_per_s: 2_100 }),
      round({ round: 'steady', topics: 1000, feeds_per_s: 1_900 }),
      round({ round: 'steady', topics: 10_000, feeds_per_s: 2_500 }),
    ]);
    // One slow run in three does not sink the target, and the text keeps every run's figure.
    expect(verdict(lines, 'cold ≥ 5,000')).toMatchObject({ met: true, measured: '5,400, 4,100, 5,100: median 5,100' });
    // Ratios are taken per run (each against the plain pipeline of its own run), then the median of those.
    expect(verdict(lines, 'cold ≥ 1.56×')).toMatchObject({ met: true, measured: '1.80× (108 vs 60 feeds/s), 1.17× (82 vs 70 feeds/s), 1.59× (102 vs 64 feeds/s): median 1.59×' });
    // An even count takes the mean of the middle two: 2,000 at 1,000 topics meets 2,000; 10,000 topics on its own.
    expect(verdict(lines, 'steady')).toMatchObject({ met: true, measured: '2,100 (1000 topics), 1,900 (1000 topics): median 2,000; 2,500 (10000 topics)' });
    const slow = checkTargets([round({ round: 'steady', feeds_per_s: 2_500 }), round({ round: 'steady', topics: 10_000, feeds_per_s: 1_200 })]);
    expect(verdict(slow, 'steady')).toMatchObject({ met: false });
  });

  it('notes a farm other than the one the targets are stated for', () => {
    const lines = checkTargets([round({})]);
    expect(formatTargets(lines, { feeds: 200, items: 20 })[1]).toContain('this farm is 200 × 20');
    expect(formatTargets(lines, { feeds: 1000, items: 50 }).some((l) => l.includes('this farm is'))).toBe(false);
  });
});
