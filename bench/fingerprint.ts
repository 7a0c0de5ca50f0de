/**
 * `npm run bench -- fingerprint [--articles N] [--json]`: the cost of a story fingerprint for short leads (the
 * match corpus's summaries) and for full-text leads (a body of 20 such paragraphs, as feeds that put the whole
 * article in the item do). It also times, on the same leads in the same run, the lead's words taken the way the
 * fingerprint takes them (`firstWords`: folding only as much as the first 60 words need) against the baseline of
 * folding the whole lead and keeping its first 60 words.
 */
import { parseArgs } from 'node:util';
import { fingerprintArticle, LEAD_WORDS } from '../src/stories/fingerprint.js';
import { firstWords, splitWords } from '../src/stories/words.js';
import { createArticle, createCorpus, createRandom } from './match-corpus.js';

const PARAGRAPHS_PER_BODY = 20;
const ROUNDS = 5;

interface Lead {
  title: string;
  summary: string;
  content: string;
}

/** Microseconds per call of `work` over every lead: the median of `ROUNDS` passes (the first warms the JIT). */
function timePerLead(leads: readonly Lead[], work: (lead: Lead) => unknown): number {
  const passes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (const lead of leads) work(lead);
    passes.push(((performance.now() - start) * 1000) / leads.length);
  }
  return passes.sort((a, b) => a - b)[Math.floor(passes.length / 2)]!;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, articles: { type: 'string', default: '2000' } } });
  const count = Number(values.articles);
  const random = createRandom(20251031);
  const corpus = createCorpus(random);
  const short: Lead[] = Array.from({ length: count }, () => {
    const a = createArticle(corpus, random);
    return { title: a.title, summary: a.summary, content: '' };
  });
  // Real copy has curly quotes, so a body is rarely pure ASCII.
  const long: Lead[] = Array.from({ length: count }, () => {
    const paragraphs = Array.from({ length: PARAGRAPHS_PER_BODY }, () => createArticle(corpus, random).summary);
    return { title: createArticle(corpus, random).title, summary: '', content: paragraphs.join('\u201d ') };
  });
  const rows = [
    { leads: 'short', set: short, text: (l: Lead) => l.summary },
    { leads: 'full text', set: long, text: (l: Lead) => l.content },
  ].map(({ leads, set, text }) => {
    const wholeFold = timePerLead(set, (l) => splitWords(text(l)).slice(0, LEAD_WORDS));
    const firstFold = timePerLead(set, (l) => firstWords(text(l), LEAD_WORDS));
    return {
      leads,
      mean_chars: Math.round(set.reduce((sum, l) => sum + text(l).length, 0) / set.length),
      fingerprint_us: timePerLead(set, fingerprintArticle),
      lead_words_us: firstFold,
      whole_fold_us: wholeFold,
      ratio: wholeFold / firstFold,
    };
  });
  const round = (x: number): number => Math.round(x * 10) / 10;
  if (values.json) {
    for (const r of rows) process.stdout.write(`${JSON.stringify({ bench: 'fingerprint', ...r, fingerprint_us: round(r.fingerprint_us), lead_words_us: round(r.lead_words_us), whole_fold_us: round(r.whole_fold_us), ratio: round(r.ratio) })}\n`);
    return;
  }
  const header = ['leads', 'mean chars', 'fingerprint µs', 'first 60 words µs', 'whole fold µs', 'whole ÷ first'];
  const table = [header, ...rows.map((r) => [r.leads, r.mean_chars, round(r.fingerprint_us), round(r.lead_words_us), round(r.whole_fold_us), `${round(r.ratio)}×`])];
  process.stdout.write(
    `fingerprint: ${count} leads of each kind, median of ${ROUNDS} passes\n` +
      `${table.map((row) => row.map((cell, i) => (i === 0 ? String(cell).padEnd(10) : String(cell).padStart(19))).join('')).join('\n')}\n`,
  );
}
