import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Process figures for benchmarks: event-loop delay and peak RSS, written as JSON to `NEWSWATCH_METRICS_FILE` when
 * the process stops. Off (no cost) when the variable is unset.
 */
export function startMetrics(file: string | undefined): () => void {
  if (!file) return () => {};
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return () => {
    loop.disable();
    const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
    writeFileSync(
      file,
      JSON.stringify({
        loop_p50_ms: ms(loop.percentile(50)),
        loop_p99_ms: ms(loop.percentile(99)),
        loop_max_ms: ms(loop.max),
        // resourceUsage().maxRSS is in KiB.
        rss_peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  };
}
