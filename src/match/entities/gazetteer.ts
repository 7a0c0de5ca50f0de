/**
 * The country gazetteer at run time: the generated gazetteer-data.ts (see compile.ts). Its JSON is parsed on
 * first use, each section of phrases only when a word of its script is looked up; the phrase maps are flat
 * null-prototype objects, so loading builds no trie nodes.
 */
import type { RuleName } from './ambiguity.js';
import type { CaseMode, Entry, GazetteerData, Section } from './entry.js';
import { wordSection } from './entry.js';
import { GAZETTEER_SOURCE } from './gazetteer-data.js';
import { isContinuous, nameWords, phraseKey } from './text.js';

/** A phrase map: phrase → packed entry index and flags (see GazetteerData). */
export type PhraseMap = Readonly<Record<string, number | undefined>>;

export interface Gazetteer {
  readonly entries: readonly Entry[];
  /** Code → English short name; its keys are the valid codes. */
  readonly names: Readonly<Record<string, string | undefined>>;
  readonly alpha2: Readonly<Record<string, string | undefined>>;
  readonly lookup: Readonly<Record<string, string | undefined>>;
  /** The phrases of one section, parsed on first use. */
  phrases(section: Section): PhraseMap;
}

/** The entry a packed value points to, if the phrase is one (and not only the start of longer ones). */
export function entryOf(g: Gazetteer, packed: number): Entry | undefined {
  return g.entries[(packed >> 2) - 1];
}

/** Whether a longer phrase starts with this one. */
export function hasLonger(packed: number): boolean {
  return (packed & 1) === 1;
}

// Null prototype: a word such as "constructor" must not find an Object.prototype member.
const bare = <T extends object>(o: T): T => Object.setPrototypeOf(o, null) as T;

function load(): Gazetteer {
  const core = JSON.parse(GAZETTEER_SOURCE.core) as Omit<GazetteerData, 'words' | 'chars'>;
  const sections: Partial<Record<Section, PhraseMap>> = {};
  return {
    entries: core.entries.map(([code, alt, rule, caseMode, weight]) => ({
      code: code || null,
      alt: alt || null,
      rule: (rule || null) as RuleName | null,
      caseMode: caseMode as CaseMode,
      weight,
    })),
    names: bare(core.names),
    alpha2: bare(core.alpha2),
    lookup: bare(core.lookup),
    phrases: (section) => (sections[section] ??= bare(JSON.parse(GAZETTEER_SOURCE[section]) as PhraseMap)),
  };
}

let cached: Gazetteer | null = null;

/** The gazetteer, loaded on first use. */
export function gazetteer(): Gazetteer {
  return (cached ??= load());
}

/** Resolves an English name, a short form, a demonym, a name in another registered language or an ISO code. */
export function resolveCountry(nameOrCode: string): { code: string; name: string } | null {
  const g = gazetteer();
  const s = nameOrCode.trim();
  const upper = s.toUpperCase();
  let code: string | undefined;
  if (/^[A-Z]{2}$/.test(upper) && g.names[upper]) code = upper;
  else if (/^[A-Z]{3}$/.test(upper)) code = g.alpha2[upper];
  else if (/^\d{1,3}$/.test(s)) code = g.alpha2[s.padStart(3, '0')];
  const key = phraseKey(nameWords(s));
  if (!code && key) {
    const packed = g.phrases(isContinuous(key) ? 'chars' : wordSection(key))[key] ?? 0;
    code = packed & 2 ? (entryOf(g, packed)?.code ?? undefined) : g.lookup[key];
  }
  const name = code ? g.names[code] : undefined;
  return code && name ? { code, name } : null;
}
