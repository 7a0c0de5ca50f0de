/**
 * Preloaded into the daemon by the pipeline benchmark (`node --import …/pipeline-probe.js dist/main.js run --once`),
 * so the figures come from inside the real worker process without touching its code. Watches event-loop delay
 * (perf_hooks.monitorEventLoopDelay) from the first feed request on — start-up (config load, topic compilation) is
 * left out, it is reported as its own time — and at exit writes one JSON object to $NEWSWATCH_BENCH_PROBE_FILE:
 * loop delay percentiles, how busy the loop was after start-up, peak RSS and CPU time.
 */
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.NEWSWATCH_BENCH_PROBE_FILE;

/**
 * CPU time of the main thread in ms, from /proc (Linux; null elsewhere). Unlike wall-clock figures it does not
 * grow when other processes take the cores, so variants can be compared on a busy machine.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are fields 14 and 15, in ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let firstRequestMs: number | null = null;
  let eluAtFirst: ReturnType<typeof performance.eventLoopUtilization> | null = null;
  let mainCpuAtFirst: number | null = null;
  let requests = 0;
  // undici publishes every request it creates on this channel (feed fetches and webhook POSTs alike).
  subscribe('undici:request:create', () => {
    requests++;
    if (firstRequestMs === null) {
      firstRequestMs = performance.now();
      eluAtFirst = performance.eventLoopUtilization();
      mainCpuAtFirst = mainThreadCpuMs();
      histogram.enable();
    }
  });
  const startedCpu = process.cpuUsage();
  process.on('exit', () => {
    histogram.disable();
    const cpu = process.cpuUsage(startedCpu);
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const enabled = histogram.count > 0;
    // How busy the main thread was after start-up: the figure to watch when the loop is the bottleneck.
    const elu = eluAtFirst ? performance.eventLoopUtilization(eluAtFirst) : null;
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
        loop_busy_ms: elu ? Math.round(elu.active) : null,
        loop_utilization: elu ? Math.round(elu.utilization * 1000) / 1000 : null,
        main_cpu_ms: mainCpuAtFirst === null ? null : (mainThreadCpuMs() ?? mainCpuAtFirst) - mainCpuAtFirst,
      }),
    );
  });
}
