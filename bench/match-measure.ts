/**
 * Timing for the match benchmark. Times are CPU time of this process (user + system), not wall time: the machine is
 * shared, and CPU time is what "one core" buys. Throughput is the best of several rounds and latency the fastest of
 * several runs per item, so that another process stealing the core does not show up as our cost.
 */

const ROUNDS = 7;

/** CPU time used by this process so far, in microseconds. */
export function cpuUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Calls per second of each of `works`, each `work(i)` called for i = 0, 1, … (wrapping at `count`). Rounds of
 * `roundMs` CPU time alternate between the works and the best round of each counts, so that figures meant to be
 * compared (tokenising vs the engine) see the same machine.
 */
export function throughputs(count: number, roundMs: number, works: readonly ((i: number) => void)[]): number[] {
  const best = works.map(() => 0);
  const next = works.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    works.forEach((work, w) => {
      let calls = 0;
      const started = cpuUs();
      let elapsedUs = 0;
      // Read the clock every few calls only: it costs about a microsecond.
      while (elapsedUs < roundMs * 1000) {
        for (let k = 0; k < 8; k++, calls++) work(next[w]!++ % count);
        elapsedUs = cpuUs() - started;
      }
      best[w] = Math.max(best[w]!, (calls * 1e6) / elapsedUs);
    });
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
