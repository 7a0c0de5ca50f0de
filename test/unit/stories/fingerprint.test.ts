import { describe, expect, it } from 'vitest';
import {
  BANDS,
  deserializeFingerprint,
  FINGERPRINT_VERSION,
  fingerprintArticle,
  isSameArticle,
  LEAD_WORDS,
  serializeFingerprint,
} from '../../../src/stories/index.js';
import { STORY_FIXTURES, type StoryFixtureName } from '../../fixtures/stories/articles.js';
import { fingerprintOf } from './story-pairs.js';

const text = (title: string, summary: string, content = '') => fingerprintArticle({ title, summary, content });

describe('isSameArticle', () => {
  it.each<[StoryFixtureName, StoryFixtureName, boolean]>([
    ['kz-accession-gulf', 'kz-accession-wire-copy', true],
    ['kz-accession-gulf', 'kz-accession-gulf', true],
    ['kz-accession-gulf', 'kz-accession-cable', false],
    ['gb-rates-markets', 'gb-rates-household', false],
    ['kz-accession-gulf', 'kz-pipeline-same-day', false],
  ])('judges %s and %s as one article: %s', (a, b, same) => {
    expect(isSameArticle(fingerprintOf(a), fingerprintOf(b))).toBe(same);
    expect(isSameArticle(fingerprintOf(b), fingerprintOf(a))).toBe(same);
  });

  it('never calls text without words a republished article', () => {
    const empty = text('', '');
    expect(empty.bands).toEqual([]);
    expect(isSameArticle(empty, empty)).toBe(false);
    expect(isSameArticle(text('—', '…'), text('!', ''))).toBe(false);
  });

  it('finds a copy whose feed carries the whole body in the summary', () => {
    const lead = STORY_FIXTURES['kz-accession-gulf'].summary;
    const body = `${lead} ${'Officials in Astana welcomed the decision and promised closer trade links. '.repeat(20)}`;
    const short = text('Kazakhstan to join the Abraham Accords', lead);
    expect(isSameArticle(short, text('Kazakhstan to join the Abraham Accords', body))).toBe(true);
  });

  it('reads the start of the body when the summary is blank', () => {
    const { title, summary } = STORY_FIXTURES['jp-quake-agency'];
    expect(text(title, '  ', summary)).toEqual(text(title, summary));
  });
});

describe('key terms', () => {
  it('fold case, diacritics, width and inflection so outlets spelling alike meet', () => {
    const a = text('Société Générale JOINS the ceasefire talks', '');
    const b = text('societe generale joined ceasefire talk', '');
    expect(a.keyTerms).toEqual(b.keyTerms);
    expect(text('ＴＯＫＹＯ', '').keyTerms).toEqual(['tokyo']);
  });

  it('leave out stopwords, reporting words and bare numbers', () => {
    expect(text('The minister said on Thursday that 2025 was the year', '').keyTerms).toEqual([]);
    expect(text('Le ministre a dit que la paix est proche', '').keyTerms).toEqual(['ministr', 'paix', 'proch']);
  });

  it('rank headline words first and keep at most 32', () => {
    const lead = Array.from({ length: 50 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
    const { keyTerms } = text('Volcano erupts', lead);
    expect(keyTerms.slice(0, 2)).toEqual(['volcano', 'erupt']);
    expect(keyTerms).toHaveLength(32);
  });

  it('only count the first LEAD_WORDS words of the lead', () => {
    const filler = Array.from({ length: LEAD_WORDS }, () => 'filler').join(' ');
    expect(text('Headline', `${filler} zeppelin`).keyTerms).not.toContain('zeppelin');
  });
});

describe('LSH bands', () => {
  /** Two 60-word leads that share their first `shared` words (so their 58 shingles share `shared` − 2), else apart. */
  const pair = (n: number, shared: number) => {
    const words = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}${n}x${from + i}`);
    const common = words('w', 0, shared);
    return [
      text('', [...common, ...words('a', shared, 60)].join(' ')),
      text('', [...common, ...words('b', shared, 60)].join(' ')),
    ] as const;
  };
  const shareABand = (a: { bands: string[] }, b: { bands: string[] }) => a.bands.some((band) => b.bands.includes(band));
  const shareRate = (shared: number) => {
    let sharing = 0;
    for (let n = 0; n < 400; n++) if (shareABand(...pair(n, shared))) sharing++;
    return sharing / 400;
  };

  it(`gives every text with words ${BANDS} band keys, one per band`, () => {
    const keys = text('Kazakhstan to join the Abraham Accords', 'Astana will sign next week.').bands;
    expect(keys).toHaveLength(BANDS);
    expect(new Set(keys.map((k) => k.split(':')[0])).size).toBe(BANDS);
  });

  it('puts a wire copy in a band with its original', () => {
    expect(shareABand(fingerprintOf('kz-accession-gulf'), fingerprintOf('kz-accession-wire-copy'))).toBe(true);
  });

  it('finds near-duplicates (Jaccard ≈ 0.6: 1 − (1 − J²)⁸ ≈ 0.97) and rarely pairs texts far apart (J ≈ 0.02)', () => {
    // 45 shared words: 43 shared shingles of 73, J = 0.59. 4 shared words: 2 of 114, J = 0.018 (p ≈ 0.003).
    expect(shareRate(45)).toBeGreaterThan(0.9);
    expect(shareRate(4)).toBeLessThan(0.05);
  });
});

describe('serializeFingerprint', () => {
  it('round-trips signature, bands and key terms', () => {
    const original = fingerprintOf('kz-accession-arabic');
    const stored = serializeFingerprint(original);
    expect(stored.startsWith(`${FINGERPRINT_VERSION}:`)).toBe(true);
    expect(deserializeFingerprint(stored)).toEqual(original);
    const empty = text('', '');
    expect(deserializeFingerprint(serializeFingerprint(empty))).toEqual(empty);
  });

  it.each([
    ['another version', (s: string) => s.replace(/^[^:]+:/, 'm0:')],
    ['a truncated signature', (s: string) => s.replace(/:[^:]+:/, ':AAAA:')],
    ['a signature that is not base64', (s: string) => s.replace(/:[^:]+:/, ':#%&:')],
    ['an extra field', (s: string) => `${s}:x`],
    ['no key terms field', (s: string) => s.split(':').slice(0, 2).join(':')],
  ])('returns null for %s, so the caller recomputes', (_, corrupt) => {
    expect(deserializeFingerprint(corrupt(serializeFingerprint(fingerprintOf('gb-rates-markets'))))).toBeNull();
  });
});
