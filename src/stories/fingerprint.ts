/**
 * Story fingerprints of headline + lead. Near-duplicate text is found with MinHash over word 3-shingles (stopwords
 * kept: wire copy shares its exact wording) and LSH bands, so a lookup reads the articles sharing a band instead
 * of scanning history. Same-event grouping uses the key terms instead (content words, stemmed).
 */
import { STORY_DEFAULTS } from './story-defaults.js';
import { firstWords, splitWords, toTerm } from './words.js';

/** What grouping needs of one article, computed once and stored with it. */
export interface StoryFingerprint {
  /** MinHash signature: the minimum of each of `MINHASH_PERMUTATIONS` hash functions over the shingles. */
  signature: Uint32Array;
  /** LSH band keys (`band:hash`): articles sharing one are near-duplicate candidates. Empty for empty text. */
  bands: string[];
  /** Salient folded content words of headline + lead, most salient first. */
  keyTerms: string[];
}

/** The article fields a fingerprint reads. */
export interface FingerprintText {
  title: string;
  summary: string;
  content: string;
}

/** Words per shingle: three keeps a shared stock phrase ("the white house") from looking like shared copy. */
export const SHINGLE_WORDS = 3;
/** Hash functions in a signature; 128 gives a Jaccard estimate within ±0.09 (2σ) at 0.5. */
export const MINHASH_PERMUTATIONS = 128;
/**
 * LSH bands of `BAND_ROWS` signature rows each (the first 16 rows): a pair shares a band with p = 1 − (1 − J²)⁸, 0.90
 * at Jaccard 0.5 and 0.97 at 0.6 — the near-duplicate range, as 32 bands of 4 did (0.87, 0.99) — with a quarter of the
 * band rows the store writes per story. Pairs further apart become candidates more often (0.53 at J = 0.3, against
 * 0.23); `chooseStory` judges every candidate on its full signature, so that costs a lookup, never a wrong story.
 */
export const BANDS = 8;
export const BAND_ROWS = 2;
/** Words of the lead that count: feeds differ in how much body they put in the summary, the first lines agree. */
export const LEAD_WORDS = 60;
/** Key terms kept per article. */
export const MAX_KEY_TERMS = 32;
/** Changes whenever anything above or the folding changes, so stored fingerprints of another make are recomputed. */
export const FINGERPRINT_VERSION = 'm1';

const EMPTY_SLOT = 0xffffffff;
/** Headline words count double: a headline names the event, a lead also carries background. */
const HEADLINE_WEIGHT = 2;

const PERMUTATION_SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(MINHASH_PERMUTATIONS);
  let state = 0x9e3779b9;
  for (let i = 0; i < seeds.length; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    seeds[i] = mix32(state);
  }
  return seeds;
})();

/** Murmur3's finaliser: a bijection on 32 bits with full avalanche. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Murmur3's block step, so hashes of a word sequence depend on order. */
function combine(hash: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  const h = hash ^ k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) >>> 0;
}

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Hashes of each run of `SHINGLE_WORDS` words; a text shorter than that is one shingle of all its words. */
function shingleHashes(words: readonly string[]): number[] {
  const wordHashes = words.map(hashWord);
  const count = wordHashes.length === 0 ? 0 : Math.max(1, wordHashes.length - SHINGLE_WORDS + 1);
  const hashes: number[] = [];
  for (let start = 0; start < count; start++) {
    let h = 0;
    const end = Math.min(start + SHINGLE_WORDS, wordHashes.length);
    for (let i = start; i < end; i++) h = combine(h, wordHashes[i]!);
    hashes.push(mix32(h ^ (end - start)));
  }
  return hashes;
}

function minHash(hashes: readonly number[]): Uint32Array {
  const signature = new Uint32Array(MINHASH_PERMUTATIONS).fill(EMPTY_SLOT);
  for (const hash of hashes) {
    for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
      const value = mix32(hash ^ PERMUTATION_SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/** True when the signature is of text without a single word. */
export function isEmptySignature(signature: Uint32Array): boolean {
  return signature.every((value) => value === EMPTY_SLOT);
}

/** The LSH band keys of a signature. */
export function bandKeys(signature: Uint32Array): string[] {
  if (isEmptySignature(signature)) return [];
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = band;
    for (let row = band * BAND_ROWS; row < (band + 1) * BAND_ROWS; row++) h = combine(h, signature[row] ?? 0);
    keys.push(`${band.toString(36)}:${mix32(h).toString(36)}`);
  }
  return keys;
}

function rankKeyTerms(headline: readonly string[], lead: readonly string[]): string[] {
  const scores = new Map<string, number>();
  const add = (words: readonly string[], weight: number): void => {
    for (const word of words) {
      const term = toTerm(word);
      if (term !== null) scores.set(term, (scores.get(term) ?? 0) + weight);
    }
  };
  add(headline, HEADLINE_WEIGHT);
  add(lead, 1);
  // Map order is first occurrence, and sort is stable: ties keep text order.
  return [...scores.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, MAX_KEY_TERMS)
    .map(([term]) => term);
}

/** Fingerprints headline + lead (the summary, else the start of the body), capped at `LEAD_WORDS` lead words. */
export function fingerprintArticle(article: FingerprintText): StoryFingerprint {
  const headline = splitWords(article.title);
  const leadText = article.summary.trim() === '' ? article.content : article.summary;
  const lead = firstWords(leadText, LEAD_WORDS);
  const signature = minHash(shingleHashes([...headline, ...lead]));
  return { signature, bands: bandKeys(signature), keyTerms: rankKeyTerms(headline, lead) };
}

/** Estimated Jaccard similarity of the two texts' shingle sets (share of equal signature slots). */
export function similarity(a: StoryFingerprint, b: StoryFingerprint): number {
  const length = Math.min(a.signature.length, b.signature.length);
  if (length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < length; i++) if (a.signature[i] === b.signature[i]) equal++;
  return equal / Math.max(a.signature.length, b.signature.length);
}

/** True when two fingerprints are one article republished (wire copy, syndication): near-identical headline + lead. */
export function isSameArticle(
  a: StoryFingerprint,
  b: StoryFingerprint,
  threshold: number = STORY_DEFAULTS.nearDuplicate,
): boolean {
  if (isEmptySignature(a.signature) || isEmptySignature(b.signature)) return false;
  return similarity(a, b) >= threshold;
}
