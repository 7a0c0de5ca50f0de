/**
 * `npm run bench -- parse [--json]`: what each recovery strategy reads of the feeds rss-parser rejects.
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
function mutated(texts: string[]): string[] {
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

export async function run(args: string[]): Promise<void> {
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
