/**
 * Preloaded into the daemon by the pipeline benchmark (`node --import …/pipeline-probe.js dist/main.js run …`), so
 * the figures come from inside the real worker process without touching its code. A *window* opens at the first
 * feed request (start-up — config load, topic compilation — is left out; it is reported as its own time) and is
 * written as one JSON object to $NEWSWATCH_BENCH_PROBE_FILE: loop delay percentiles, how busy the loop was, peak
 * RSS and CPU time.
 *
 * `run --once` has one window, written at exit. A long-running daemon (the benchmark's default) has one per round:
 * SIGUSR2 writes the open window and starts the next, which opens at the next request. When the file
 * `<probe file>.profile` exists as a window opens, the window is also CPU-profiled (node:inspector) into
 * `<probe file>.cpuprofile`.
 */
import { subscribe } from 'node:diagnostics_channel';
import { Session } from 'node:inspector';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

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

interface Window {
  seq: number;
  histogram: ReturnType<typeof monitorEventLoopDelay>;
  /** Process CPU at the window's start: process start for the first window, as a `run --once` counts it. */
  cpuAtStart: NodeJS.CpuUsage | undefined;
  firstRequestMs: number | null;
  eluAtFirst: ReturnType<typeof performance.eventLoopUtilization> | null;
  mainCpuAtFirst: number | null;
  requests: number;
  rssPeak: number;
  sampler: NodeJS.Timeout | null;
  profiler: Session | null;
}

// Worker threads inherit `--import`, and one that exits would write its own (empty) window over the file.
if (file && isMainThread) {
  const newWindow = (seq: number): Window => ({
    seq,
    histogram: monitorEventLoopDelay({ resolution: 10 }),
    cpuAtStart: undefined,
    firstRequestMs: null,
    eluAtFirst: null,
    mainCpuAtFirst: null,
    requests: 0,
    rssPeak: 0,
    sampler: null,
    profiler: null,
  });
  let window = newWindow(1);
  // undici publishes every request it creates on this channel (feed fetches and webhook POSTs alike).
  subscribe('undici:request:create', () => {
    window.requests++;
    if (window.firstRequestMs !== null) return;
    window.firstRequestMs = performance.now();
    window.eluAtFirst = performance.eventLoopUtilization();
    window.mainCpuAtFirst = mainThreadCpuMs();
    window.cpuAtStart ??= process.cpuUsage();
    window.histogram.enable();
    window.rssPeak = process.memoryUsage.rss();
    const sampled = window;
    sampled.sampler = setInterval(() => {
      sampled.rssPeak = Math.max(sampled.rssPeak, process.memoryUsage.rss());
    }, 50).unref();
    if (existsSync(`${file}.profile`)) {
      sampled.profiler = new Session();
      sampled.profiler.connect();
      sampled.profiler.post('Profiler.enable');
      sampled.profiler.post('Profiler.start');
    }
  });

  const figures = (w: Window, cpuSince: NodeJS.CpuUsage | undefined) => {
    w.histogram.disable();
    if (w.sampler) clearInterval(w.sampler);
    const cpu = process.cpuUsage(cpuSince);
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const enabled = w.histogram.count > 0;
    // How busy the main thread was after start-up: the figure to watch when the loop is the bottleneck.
    const elu = w.eluAtFirst ? performance.eventLoopUtilization(w.eluAtFirst) : null;
    const lifetimePeak = process.resourceUsage().maxRSS * 1024;
    return {
      window: w.seq,
      loop_p50_ms: enabled ? ms(w.histogram.percentile(50)) : null,
      loop_p99_ms: enabled ? ms(w.histogram.percentile(99)) : null,
      loop_max_ms: enabled ? ms(w.histogram.max) : null,
      // The first window counts start-up's peak too; later ones their own samples (the lifetime peak never falls).
      rss_peak_mb: Math.round((w.seq === 1 ? lifetimePeak : Math.max(w.rssPeak, process.memoryUsage.rss())) / 2 ** 20),
      rss_lifetime_peak_mb: Math.round(lifetimePeak / 2 ** 20),
      cpu_user_ms: Math.round(cpu.user / 1000),
      cpu_system_ms: Math.round(cpu.system / 1000),
      startup_ms: w.seq === 1 && w.firstRequestMs !== null ? Math.round(w.firstRequestMs) : null,
      uptime_ms: Math.round(performance.now()),
      http_requests: w.requests,
      loop_busy_ms: elu ? Math.round(elu.active) : null,
      loop_utilization: elu ? Math.round(elu.utilization * 1000) / 1000 : null,
      main_cpu_ms: w.mainCpuAtFirst === null ? null : (mainThreadCpuMs() ?? w.mainCpuAtFirst) - w.mainCpuAtFirst,
    };
  };
  const startedCpu = process.cpuUsage();

  process.on('SIGUSR2', () => {
    const closing = window;
    window = newWindow(closing.seq + 1);
    const result = figures(closing, closing.seq === 1 ? startedCpu : closing.cpuAtStart);
    // Written whole, then renamed: the benchmark reads the file as soon as it exists.
    const write = () => {
      writeFileSync(`${file}.tmp`, JSON.stringify(result));
      renameSync(`${file}.tmp`, file);
    };
    if (closing.profiler === null) return write();
    const profiler = closing.profiler;
    profiler.post('Profiler.stop', (err, reply) => {
      if (!err) writeFileSync(`${file}.cpuprofile`, JSON.stringify(reply.profile));
      profiler.disconnect();
      write();
    });
  });
  process.on('exit', () => {
    if (window.seq === 1) writeFileSync(file, JSON.stringify(figures(window, startedCpu)));
  });
}
