/**
 * `npm run bench -- fetch [--feeds N] [--polls P]`: what a 304 costs the fetcher, through each of the HTTP client's
 * two dispatchers (src/fetch/http-client.ts): the pooled Agent (a Pool per origin, for shared hosts and redirect
 * hops) and the one-connection Agent (a Client per origin, for the first request of a feed alone on its host).
 *
 * The pipeline benchmark's farm (nginx, or a Node server) serves N feeds, one port each. A first poll collects the
 * validators; then P polls (default 12) take the two ways in ABBA order in this one process, 4.5 s apart so that
 * every poll opens new connections as a daemon's polls do (keep-alive is 4 s). Prints feeds/s and the process's CPU
 * time per poll, and the medians of each way from the fifth poll on (the first ones also pay the JIT's warm-up).
 * With nginx the CPU is the client's alone; the Node farm fallback serves from this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { NetworkConfig } from '../src/config/types.js';
import { createHttpClient, fetchFeed, type FetchValidators, type HttpClient } from '../src/fetch/index.js';
import { createCorpus, createRandom } from './match-corpus.js';
import { startFarm } from './pipeline-farm.js';

const IN_FLIGHT = 8;
/** Polls left out of the medians: the JIT is still compiling the request path. */
const WARM_UP_POLLS = 4;
const network: NetworkConfig = { allowPrivate: true, allowCidrs: [], userAgent: 'newswatch-bench', timeoutMs: 30_000, maxBytes: 10_000_000 };

async function poll(urls: readonly string[], validators: FetchValidators[], client: HttpClient, soleHost: boolean): Promise<{ perS: number; cpuMs: number; notModified: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  let notModified = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < urls.length) {
        const i = next++;
        const result = await fetchFeed(urls[i]!, { network, client, soleHost, validators: validators[i]! });
        if (result.status === 'not-modified') notModified++;
        else validators[i] = result.validators;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { perS: (urls.length * 1000) / (performance.now() - started), cpuMs: (used.user + used.system) / 1000, notModified };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { feeds: { type: 'string', default: '1000' }, polls: { type: 'string', default: '12' } }, strict: true });
  const feeds = Number(values.feeds);
  const polls = Number(values.polls);
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-fetch-'));
  const farm = await startFarm({ dir, feeds, items: 5, corpus: createCorpus(createRandom(20_251_031)), nowMs: Date.now(), hosts: feeds });
  const client = createHttpClient(network);
  try {
    const urls = Array.from({ length: feeds }, (_, f) => farm.feedUrl(f));
    const validators: FetchValidators[] = urls.map(() => ({ etag: null, lastModified: null }));
    await poll(urls, validators, client, true);
    console.log(`fetch bench: ${feeds} feeds on ${farm.server}, one port each, ${IN_FLIGHT} requests in flight, polls 4.5 s apart`);
    const byWay: Record<string, { perS: number[]; cpuMs: number[] }> = { pooled: { perS: [], cpuMs: [] }, 'one connection': { perS: [], cpuMs: [] } };
    for (let p = 0; p < polls; p++) {
      await new Promise((r) => setTimeout(r, 4_500));
      // ABBA order, so the JIT still warming up over the polls favours neither way.
      const way = p % 4 === 0 || p % 4 === 3 ? 'pooled' : 'one connection';
      // Without its one-connection dispatcher, a client sends everything through the pooled one.
      const result = await poll(urls, validators, way === 'pooled' ? { dispatcher: client.dispatcher, close: async () => {} } : client, true);
      console.log(`  poll ${p + 1} ${way.padEnd(14)} ${result.notModified} × 304  ${Math.round(result.perS)} feeds/s  CPU ${Math.round(result.cpuMs)} ms`);
      if (p >= WARM_UP_POLLS) {
        byWay[way]!.perS.push(result.perS);
        byWay[way]!.cpuMs.push(result.cpuMs);
      }
    }
    const [pooled, single] = [byWay.pooled!, byWay['one connection']!];
    console.log(`medians from poll ${WARM_UP_POLLS + 1}: pooled ${Math.round(median(pooled.cpuMs))} ms CPU, ${Math.round(median(pooled.perS))} feeds/s; ` +
      `one connection ${Math.round(median(single.cpuMs))} ms CPU, ${Math.round(median(single.perS))} feeds/s; ` +
      `CPU ratio pooled ÷ one connection ${(median(pooled.cpuMs) / median(single.cpuMs)).toFixed(2)}×`);
  } finally {
    await client.close();
    await farm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
