/**
 * Timing for the match benchmark. Times are CPU time of this process (user + system), not wall time: the machine is
 * shared, and CPU time is what "one core" buys. Throughput is the best of several rounds and latency the fastest of
 * several runs per item, so that another process stealing the core does not show up as our cost.
 */

const ROUNDS = 5;

/** CPU time used by this process so far, in microseconds. */
export function cpuUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Calls `work(i)` for i = 0, 1, … (wrapping at `count`) in rounds of `roundMs`; the best round's calls per second. */
export function throughput(count: number, roundMs: number, work: (i: number) => void): number {
  let best = 0;
  let next = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let calls = 0;
    const started = cpuUs();
    let elapsedUs = 0;
    // Read the clock every few calls only: it costs about a microsecond.
    while (elapsedUs < roundMs * 1000) {
      for (let k = 0; k < 8; k++, calls++) work(next++ % count);
      elapsedUs = cpuUs() - started;
    }
    best = Math.max(best, (calls * 1e6) / elapsedUs);
  }
  return best;
}

/** Each item's fastest of `runs` calls of `work(i)`, in microseconds of CPU time. */
export function latenciesUs(count: number, runs: number, work: (i: number) => void): Float64Array {
  const times = new Float64Array(count).fill(Infinity);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < count; i++) {
      const started = cpuUs();
      work(i);
      times[i] = Math.min(times[i]!, cpuUs() - started);
    }
  }
  return times;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
