/**
 * Deterministic synthetic news for the match benchmark: a vocabulary ranked like real text (a few hundred English
 * function words, then generated content words that grow longer with rank, about 8% of them in other scripts),
 * sampled with a Zipf–Mandelbrot law, plus multi-word names ("collocations") that articles mention and topics
 * quote. Everything comes from a seeded PRNG, so every run sees the same text.
 */
import type { MatchableText } from '../src/match/index.js';

/** mulberry32: small, fast and good enough to make test data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const FUNCTION_WORDS = (
  'the of and to a in that is was he for it with as his on be at by i this had not are but from or have an they ' +
  'which one you were her all she there would their we him been has when who will more no if out so said what up ' +
  'its about into than them can only other new some could time these two may then do first any my now such like ' +
  'our over man me even most made after also did many before must through back years where much your way well ' +
  'down should because each just those people how too little state good very make world still own see men work ' +
  'long get here between both life being under never day same another know while last might us great old year ' +
  'off come since against go came right used take three government minister officials president country police ' +
  'week told according reported statement percent million group support including during report national public'
).split(' ');

/** Onset, vowel and coda inventories close to English spelling, so prefixes are about as selective as real ones. */
const ONSETS = 'b c d f g h j k l m n p r s t v w b c d f g l m n p r s t bl br ch cl cr dr fl fr gr pl pr sh st tr th qu'.split(' ');
const VOWELS = 'a e i o u a e i o u ai ea ee ou y'.split(' ');
const CODAS = ['', '', '', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'nt', 'st', 'ck', 'ng', 'rk', 'x'];

function syllable(random: Random): string {
  return pick(random, ONSETS) + pick(random, VOWELS) + pick(random, CODAS);
}

/** Transliteration of the Latin syllable letters, to give some words Cyrillic, Greek or accented spellings. */
const SCRIPTS: readonly [string, number, Readonly<Record<string, string>>][] = [
  ['cyrillic', 0.04, { a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', q: 'к', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', x: 'кс', z: 'з' }],
  ['accented', 0.03, { a: 'á', e: 'é', o: 'ö', u: 'ü', n: 'ñ', c: 'ç' }],
  ['greek', 0.005, { a: 'α', b: 'β', d: 'δ', e: 'ε', g: 'γ', i: 'ι', k: 'κ', l: 'λ', m: 'μ', n: 'ν', o: 'ο', p: 'π', r: 'ρ', s: 'σ', t: 'τ', u: 'υ', z: 'ζ' }],
];
/** A few Han and Arabic content words, so the segmenter and Arabic folding run as they would on real feeds. */
const HAN = '北京 上海 外交部 经济 政府 会议 协议 总统 国家 安全 市场 技术 能源 贸易 合作'.split(' ');
const ARABIC = 'الرياض الحكومة الاتفاقية الرئيس الاقتصاد المؤتمر السلام الوزير'.split(' ');

function transliterate(word: string, table: Readonly<Record<string, string>>, random: Random): string {
  // Accents go on one letter or two; whole-script words change every letter.
  if (Object.keys(table).length < 10) {
    const i = Math.floor(random() * word.length);
    return word.slice(0, i) + (table[word[i]!] ?? word[i]!) + word.slice(i + 1);
  }
  return [...word].map((ch) => table[ch] ?? ch).join('');
}

/** Words in rank order: the most frequent first; later ranks are longer, like real vocabularies. */
export function buildVocabulary(size: number, random: Random): string[] {
  const words = [...FUNCTION_WORDS];
  const seen = new Set(words);
  while (words.length < size) {
    const rank = words.length;
    const syllables = 1 + Math.floor(Math.log10(rank) / 3 + random() * 0.7);
    let word = '';
    for (let s = 0; s < syllables; s++) word += syllable(random);
    const roll = random();
    let threshold = 0;
    for (const [, share, table] of SCRIPTS) {
      threshold += share;
      if (roll < threshold) {
        word = transliterate(word, table, random);
        break;
      }
    }
    if (roll >= 0.075 && roll < 0.077) word = pick(random, HAN) + (rank % 7 === 0 ? '' : pick(random, HAN));
    if (roll >= 0.077 && roll < 0.08) word = pick(random, ARABIC);
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

/** Samples ranks 0..n-1 with probability ∝ 1 / (rank + 2.7): Zipf–Mandelbrot as fitted to English text. */
export function zipfSampler(n: number, random: Random): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 2.7);
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The synthetic world: a vocabulary, names made of its words, and samplers for both. */
export interface Corpus {
  vocabulary: readonly string[];
  /** Two-word names from the rarer half of the vocabulary, by frequency rank. */
  names: readonly string[];
  word(): string;
  name(): string;
}

export function createCorpus(random: Random, vocabularySize = 100_000, nameCount = 20_000): Corpus {
  const vocabulary = buildVocabulary(vocabularySize, random);
  const names: string[] = [];
  const from = Math.floor(vocabularySize / 10);
  for (let i = 0; i < nameCount; i++) {
    const a = vocabulary[from + Math.floor(random() * (vocabularySize - from))]!;
    const b = vocabulary[from + Math.floor(random() * (vocabularySize - from))]!;
    names.push(`${capitalise(a)} ${capitalise(b)}`);
  }
  const wordRank = zipfSampler(vocabulary.length, random);
  const nameRank = zipfSampler(names.length, random);
  return { vocabulary, names, word: () => vocabulary[wordRank()]!, name: () => names[nameRank()]! };
}

const PUNCTUATION = [', ', ', ', ' — ', '; ', ' (', ') '];

function sentence(corpus: Corpus, random: Random, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const token = random() < 0.02 ? corpus.name() : corpus.word();
    parts.push(i === 0 ? capitalise(token) : token);
    if (i < words - 1) parts.push(random() < 0.07 ? pick(random, PUNCTUATION) : ' ');
  }
  return `${parts.join('')}.`;
}

function paragraph(corpus: Corpus, random: Random, targetWords: number): string {
  const sentences: string[] = [];
  let words = 0;
  while (words < targetWords) {
    const length = Math.min(targetWords - words, 8 + Math.floor(random() * 20));
    sentences.push(sentence(corpus, random, Math.max(1, length)));
    words += length;
  }
  return sentences.join(' ');
}

/** About 600 words: a 10-word headline, a 40-word lead and a ~550-word body, each mentioning a name or two. */
export function createArticle(corpus: Corpus, random: Random): MatchableText {
  const subject = corpus.name();
  const title = `${subject}: ${paragraph(corpus, random, 8).replace(/\.$/, '')}`;
  const summary = `${paragraph(corpus, random, 20)} ${subject} ${paragraph(corpus, random, 18)}`;
  const body: string[] = [];
  for (let p = 0; p < 5; p++) body.push(`${paragraph(corpus, random, 110)} ${p % 2 === 0 ? subject : corpus.name()}.`);
  return { title, summary, content: body.join('\n\n') };
}
