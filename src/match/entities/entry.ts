/** What the gazetteer stores; shared by the generator (compile.ts) and the loader (gazetteer.ts). */
import type { RuleName } from './ambiguity.js';

/** How a mention must be written in a cased script. */
export const CaseMode = { Any: 0, Capital: 1, Upper: 2 } as const;
export type CaseMode = (typeof CaseMode)[keyof typeof CaseMode];

/** What a matched phrase stands for; `code: null` is a blocking phrase. */
export interface Entry {
  readonly code: string | null;
  /** Second candidate of an ambiguous name (Congo: CD, else CG). */
  readonly alt: string | null;
  readonly rule: RuleName | null;
  readonly caseMode: CaseMode;
  /** Share of a mention's weight: a capital often names the venue rather than the subject ("a summit in Baku"). */
  readonly weight: number;
}

/** Phrase maps are parsed per section, on first use: an English feed never parses the Cyrillic names. */
export type Section = 'latin' | 'other' | 'chars';

/** Section of a phrase of words (the character-trie phrases are all in `chars`). */
export function wordSection(key: string): Section {
  return key.charCodeAt(0) < 0x250 ? 'latin' : 'other';
}

/** gazetteer-data.ts: JSON texts, `core` (names, alpha2, entries, lookup of GazetteerData) and one per section. */
export type GazetteerSource = Readonly<Record<Section | 'core', string>>;

/**
 * The generated gazetteer. `words` (words joined by spaces) and `chars` (scripts without spaces) map a phrase to
 * `(entry index + 1) * 4 + 2 if resolveCountry may use it + 1 if a longer phrase starts with it`; a proper
 * prefix of a phrase that is no phrase itself is `1`.
 */
export interface GazetteerData {
  readonly source: string;
  /** Alpha-2 → English short name: the valid codes. */
  readonly names: Record<string, string>;
  /** Alpha-3 and numeric codes → alpha-2. */
  readonly alpha2: Record<string, string>;
  /** code, alt, rule, caseMode, weight ("" for none). */
  readonly entries: ReadonlyArray<readonly [string, string, string, number, number]>;
  readonly words: Record<string, number>;
  readonly chars: Record<string, number>;
  /** resolveCountry phrases whose code differs from their entry's. */
  readonly lookup: Record<string, string>;
}
