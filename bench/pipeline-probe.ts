/**
 * Preloaded into the daemon by the pipeline benchmark (`node --import …/pipeline-probe.js dist/main.js run --once`),
 * so the figures come from inside the real worker process without touching its code. Watches event-loop delay
 * (perf_hooks.monitorEventLoopDelay) from the first feed request on — start-up (config load, topic compilation) is
 * left out, it is reported as its own time — and at exit writes one JSON object to $NEWSWATCH_BENCH_PROBE_FILE:
 * loop delay percentiles, peak RSS, CPU time, and the span between the first and last outgoing HTTP request.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.NEWSWATCH_BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let firstRequestMs: number | null = null;
  let requests = 0;
  // undici publishes every request it creates on this channel (feed fetches and webhook POSTs alike).
  subscribe('undici:request:create', () => {
    requests++;
    if (firstRequestMs === null) {
      firstRequestMs = performance.now();
      histogram.enable();
    }
  });
  const startedCpu = process.cpuUsage();
  process.on('exit', () => {
    histogram.disable();
    const cpu = process.cpuUsage(startedCpu);
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const enabled = histogram.count > 0;
    writeFileSync(
      file,
      JSON.stringify({
        loop_p50_ms: enabled ? ms(histogram.percentile(50)) : null,
        loop_p99_ms: enabled ? ms(histogram.percentile(99)) : null,
        loop_max_ms: enabled ? ms(histogram.max) : null,
        rss_peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        cpu_user_ms: Math.round(cpu.user / 1000),
        cpu_system_ms: Math.round(cpu.system / 1000),
        startup_ms: firstRequestMs === null ? null : Math.round(firstRequestMs),
        uptime_ms: Math.round(performance.now()),
        http_requests: requests,
      }),
    );
  });
}
