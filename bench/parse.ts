/**
 * `npm run bench -- parse [--json]`: what each recovery strategy reads of the feeds rss-parser rejects.
 * `npm run bench -- parse --speed [--feeds N]`: CPU per MB of the parse stages on feeds like the pipeline farm's
 * (RSS 2.0, every 5th Atom): decoding, reading the XML with rss-parser vs the fast path (fast-xml-feed.ts), and
 * normalisation; rss-parser and the fast path alternate in the same process, so machine load hits both alike.
 *
 * Strategies: none (rss-parser alone), repair (our repair pass, then rss-parser), fallback (a lenient parser on the
 * original text) and both (repair, then the lenient parser on the repaired text). The lenient parsers are optional:
 * `npm install --no-save feedsmith@3.0.1 @rowanmanning/feed-parser@2.1.5` to measure them. Two inputs: the shared
 * corpus (../shared/corpus/feeds) and mutated copies of its well-formed real-world feeds (a fixed seed).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NewswatchError } from '../src/errors.js';
import { decodeFeedText } from '../src/parse/decode-text.js';
import { readWellFormedXmlFeed } from '../src/parse/fast-xml-feed.js';
import { normaliseFeed } from '../src/parse/parse-feed.js';
import type { RawFeed } from '../src/parse/raw-feed.js';
import { createCorpus, createRandom } from './match-corpus.js';
import { renderFeed } from './pipeline-farm.js';
import { repairXml } from '../src/parse/repair-xml.js';
import { parseXmlFeed, rootElementName } from '../src/parse/xml-feed.js';

type Reader = (text: string) => Promise<number>;

const CORPUS = path.resolve(process.cwd(), '../shared/corpus/feeds');

async function lenientReaders(): Promise<Record<string, Reader>> {
  const readers: Record<string, Reader> = {};
  const load = async (name: string): Promise<Record<string, unknown> | null> => {
    try {
      return (await import(name)) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  const feedsmith = await load('feedsmith');
  if (feedsmith) {
    const parse = feedsmith.parseFeed as (t: string) => { feed: { items?: unknown[]; entries?: unknown[] } };
    readers.feedsmith = async (t) => {
      const { feed } = parse(t);
      return (feed.items ?? feed.entries ?? []).length;
    };
  }
  const rowan = await load('@rowanmanning/feed-parser');
  if (rowan) {
    const parse = rowan.parseFeed as (t: string) => { items: unknown[] };
    readers.rowanmanning = async (t) => parse(t).items.length;
  }
  return readers;
}

const strict: Reader = async (t) => (await parseXmlFeed(t)).items.length;
const repaired: Reader = async (t) => (await parseXmlFeed(repairXml(t).text)).items.length;

async function attempt(read: Reader, text: string): Promise<number | null> {
  try {
    return await read(text);
  } catch {
    return null;
  }
}

/** Texts rss-parser rejects in a way recovery is meant for: broken XML, or a namespace-prefixed feed root. */
async function rejected(text: string): Promise<boolean> {
  try {
    await parseXmlFeed(text);
    return false;
  } catch (err) {
    if (!(err instanceof NewswatchError)) return true;
    return err.code === 'PARSE_FAILED' || (err.code === 'NOT_A_FEED' && /^[^:]+:(rss|feed)$/.test(rootElementName(text) ?? ''));
  }
}

interface Tally {
  input: string;
  files: number;
  recovered: Record<string, number>;
  items: Record<string, number>;
}

async function measure(input: string, texts: string[], lenient: Record<string, Reader>): Promise<Tally> {
  const strategies: Record<string, Reader> = { none: strict, repair: repaired };
  for (const [name, read] of Object.entries(lenient)) {
    strategies[`fallback ${name}`] = read;
    strategies[`both ${name}`] = async (t) => (await attempt(repaired, t)) ?? read(repairXml(t).text);
  }
  const tally: Tally = { input, files: 0, recovered: {}, items: {} };
  for (const text of texts) {
    if (!(await rejected(text))) continue;
    tally.files++;
    for (const [name, read] of Object.entries(strategies)) {
      const items = await attempt(read, text);
      if (items === null) continue;
      tally.recovered[name] = (tally.recovered[name] ?? 0) + 1;
      tally.items[name] = (tally.items[name] ?? 0) + items;
    }
  }
  return tally;
}

function corpusTexts(filter: (row: string[]) => boolean): string[] {
  const [, ...lines] = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trimEnd().split('\n');
  return lines
    .map((line) => line.split('\t'))
    .filter(filter)
    .map((row) => decodeFeedText(readFileSync(path.join(CORPUS, row[0]!))).trimStart())
    .filter((text) => text.startsWith('<'));
}

/** Deterministic mutations of well-formed real-world feeds: the breakage real feeds show. */
export function mutated(texts: string[]): string[] {
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const insert = (t: string, s: string): string => {
    const p = rnd(t.length);
    return t.slice(0, p) + s + t.slice(p);
  };
  const drop = (t: string, re: RegExp): string => {
    const hits = [...t.matchAll(re)];
    const hit = hits[rnd(Math.max(1, hits.length))];
    return hit === undefined ? t : t.slice(0, hit.index) + t.slice(hit.index + hit[0].length);
  };
  const mutations = [
    (t: string) => t.slice(0, Math.floor(t.length * (0.3 + rnd(60) / 100))),
    (t: string) => insert(insert(insert(t, ' & '), ' & '), ' & '),
    (t: string) => insert(t, ' < 3 '),
    (t: string) => insert(t, '\u0001\u000b'),
    (t: string) => drop(t, /<\/[a-z:]+>/g),
    (t: string) => drop(t, />/g),
  ];
  return texts.flatMap((t) => mutations.flatMap((m) => [m(t), m(t), m(t)]));
}

/** CPU ms (this process, all threads: GC helpers included) of `work`. */
async function cpuMs(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function speed(feedCount: number): Promise<void> {
  // The farm's corpus seed (bench/pipeline.ts), 50 items a feed.
  const corpus = createCorpus(createRandom(20_251_031));
  const now = Date.now();
  const bodies = Array.from({ length: feedCount }, (_, f) => Buffer.from(renderFeed(corpus, f, 0, 50, now)));
  const mb = bodies.reduce((n, b) => n + b.length, 0) / 1e6;
  const texts = bodies.map((b) => decodeFeedText(b).trimStart());
  const opts = (i: number) => ({ feedId: `f${i}`, baseUrl: `http://127.0.0.1:8080/feed-${i}.xml` });
  // Results are dropped at once, as in the parse worker: keeping 200 feeds' trees alive would make GC dearer.
  const raws: RawFeed[] = texts.map((t) => readWellFormedXmlFeed(t)!);
  const stages: Record<string, () => Promise<void>> = {
    decode: async () => {
      for (const b of bodies) decodeFeedText(b);
    },
    'read XML: rss-parser': async () => {
      for (const t of texts) await parseXmlFeed(t);
    },
    'read XML: fast path': async () => {
      for (const t of texts) if (readWellFormedXmlFeed(t) === null) throw new Error('the fast path rejected a farm feed');
    },
    normalise: async () => {
      raws.forEach((raw, i) => normaliseFeed(raw, opts(i)));
    },
  };
  const times: Record<string, number[]> = {};
  for (let round = 0; round < 6; round++) {
    for (const [name, work] of Object.entries(stages)) {
      // The first run pays for the garbage the previous stage left (rss-parser leaves a lot): count the second.
      await work();
      (times[name] ??= []).push((await cpuMs(work)) / mb);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  process.stdout.write(`${feedCount} feeds, ${mb.toFixed(1)} MB; CPU ms per MB (all threads), median of 5 rounds after a warm-up\n`);
  for (const [name, xs] of Object.entries(times)) process.stdout.write(`  ${name.padEnd(22)} ${median(xs.slice(1)).toFixed(1)}\n`);
}

export async function run(args: string[]): Promise<void> {
  if (args.includes('--speed')) {
    const at = args.indexOf('--feeds');
    const feeds = at === -1 ? 200 : Number(args[at + 1]);
    if (!Number.isInteger(feeds) || feeds <= 0) throw new Error('--feeds takes a positive integer, as in --feeds 200');
    await speed(feeds);
    return;
  }
  if (!existsSync(CORPUS)) {
    process.stderr.write(`no corpus at ${CORPUS}\n`);
    return;
  }
  const lenient = await lenientReaders();
  const tallies = [
    await measure('corpus', corpusTexts(() => true), lenient),
    await measure(
      'mutated real-world feeds',
      mutated(corpusTexts((r) => r[3] === 'yes' && r[0]!.startsWith('real/') && ['rss2', 'atom', 'rss1'].includes(r[1]!))),
      lenient,
    ),
  ];
  if (args.includes('--json')) {
    for (const t of tallies) process.stdout.write(`${JSON.stringify(t)}\n`);
    return;
  }
  const names = Object.keys(tallies[0]!.recovered).length > 0 ? ['none', 'repair', ...Object.keys(lenient).flatMap((n) => [`fallback ${n}`, `both ${n}`])] : ['none', 'repair'];
  process.stdout.write(`| input | rejected by rss-parser | ${names.join(' | ')} |\n|---|---|${names.map(() => '---').join('|')}|\n`);
  for (const t of tallies) {
    const cells = names.map((n) => `${t.recovered[n] ?? 0} (${t.items[n] ?? 0} items)`);
    process.stdout.write(`| ${t.input} | ${t.files} | ${cells.join(' | ')} |\n`);
  }
  if (Object.keys(lenient).length === 0) process.stdout.write('(lenient parsers not installed: see the header of bench/parse.ts)\n');
}
