/**
 * Compiles the gazetteer from i18n-iso-countries and aliases.ts into gazetteer-data.ts, so that loading at run
 * time is one JSON.parse per script section: no Unicode folding, no declension, no package load. The test
 * gazetteer-data.test.ts keeps the file current; `npx vitest run test/unit/match/entities -u` rewrites it.
 */
import { createRequire } from 'node:module';
import {
  ADJECTIVE_ENDINGS, ALIASES, AMBIGUOUS, BLOCKED, CAPITALS, DECLINED_LOCALES, DEMONYMS, DISPLAY, LOCALES,
  RU_ADJECTIVES, UPPER_ONLY,
} from './aliases.js';
import { WEAK_PHRASES, type RuleName } from './ambiguity.js';
import { CaseMode, wordSection, type Entry, type GazetteerData, type GazetteerSource, type Section } from './entry.js';
import { fold, isContinuous, nameWords, phraseKey } from './text.js';

interface IsoCountries {
  getNames(lang: string, options: { select: 'all' }): Record<string, string[]>;
  getAlpha3Codes(): Record<string, string>;
  getNumericCodes(): Record<string, string>;
}

const require = createRequire(import.meta.url);
const CYRILLIC = /[\u0400-\u04FF]/;
/** Weight of a capital used as a stand-in. */
const CAPITAL_WEIGHT = 0.5;

// [ending of the folded word, letters cut, endings]: the genitive, dative, accusative, instrumental and
// prepositional in Russian, then in Ukrainian ("-" adds nothing). Folding turns й into и and ї into і.
const DECLENSION: ReadonlyArray<readonly [RegExp, number, readonly string[]]> = (
  [
    [/(ськ|цьк|зьк)а$/, 1, 'ой ой у ой ой ої ій у ою ій'],
    [/(ая|яя)$/, 2, 'ой ой ую ой ой ої ій у ою ій'],
    [/(ые|ие)$/, 1, 'х м е ми х х м е ми х'],
    [/ені$/, 1, 'их им і ими их их им і ими их'],
    [/(ое|ее)$/, 2, 'ого ому ое ым ом ого ому е им ому'],
    [/(ыи|ии|ои)$/, 2, 'ого ому ый ым ом ого ому ий им ому'],
    [/(ия|ія)$/, 2, 'ии ии ию ией ии ії ії ію ією ії'],
    [/[кгхжшчщ]а$/, 1, 'и е у ой е и і у ою і'],
    [/а$/, 1, 'ы е у ой е и і у ою і'],
    [/я$/, 1, 'и е ю ей е ї ї ю єю ї'],
    [/ь$/, 1, 'я ю ь ем е ю ю ь ем і'],
    [/[аеоуыэяюі]и$/, 1, 'я ю й ем е ю ю й єм ї'],
    [/ы$/, 1, 'ов ам ы ами ах ів ам и ами ах'],
    [/[бвгджзклмнпрстфхцчшщ]$/, 0, 'а у - ом е у ові - ом і'],
  ] as const
).map(([re, cut, endings]) => [re, cut, endings.split(' ').map((e) => fold(e.replace('-', '')))] as const);
const SLOTS = 10;

/** The word's forms by slot; none for indeclinable words (Конго, Перу, Мали). */
function wordForms(word: string): readonly string[] {
  const rule = word.length < 4 || !CYRILLIC.test(word) ? undefined : DECLENSION.find(([re]) => re.test(word));
  if (!rule) return [];
  const stem = word.slice(0, word.length - rule[1]);
  return rule[2].map((e) => stem + e);
}

/** Case forms of a folded Cyrillic phrase; the words of a phrase agree in case. */
function declined(keys: readonly string[]): string[][] {
  const forms = keys.map(wordForms);
  const out: string[][] = [];
  if (forms.every((f) => f.length === 0)) return out;
  for (let slot = 0; slot < SLOTS; slot++) out.push(keys.map((k, i) => forms[i]?.[slot] ?? k));
  return out;
}

/** "Korea, Republic of" → "Republic of Korea"; "Virgin Islands, British" → "British Virgin Islands". */
function plainName(name: string): string | null {
  const bare = name.replace(/\s*\([^)]*\)/g, '').trim();
  const comma = bare.indexOf(',');
  if (comma < 0) return bare;
  const [head, tail] = [bare.slice(0, comma).trim(), bare.slice(comma + 1).trim()];
  return / of$/.test(tail) || !tail.includes(' ') ? `${tail} ${head}` : null;
}

function variants(s: string | undefined): string[] {
  return s ? s.split('|') : [];
}

interface AddOptions {
  alt?: string;
  caseMode?: CaseMode;
  lookup?: boolean;
  weight?: number;
}

/** Collects phrases; the first source to claim a phrase keeps it, so sources go most specific first. */
class Builder {
  readonly words = new Map<string, Entry>();
  readonly chars = new Map<string, Entry>();
  readonly lookup = new Map<string, string>();
  private readonly weak = new Map(Object.entries(WEAK_PHRASES).map(([p, r]) => [phraseKey(nameWords(p)), r]));

  add(phrase: string, code: string | null, opts: AddOptions = {}): void {
    this.addKeys(nameWords(phrase), code, opts);
  }

  /** Adds a phrase and, when Cyrillic, its case forms. */
  addDeclined(phrase: string, code: string | null, opts: AddOptions = {}): void {
    const keys = nameWords(phrase);
    this.addKeys(keys, code, opts);
    const forms = { ...opts, caseMode: CaseMode.Capital, lookup: false };
    for (const form of declined(keys)) this.addKeys(form, code, forms);
  }

  addKeys(keys: readonly string[], code: string | null, opts: AddOptions): void {
    if (keys.length === 0) return;
    const key = phraseKey(keys);
    const map = keys.every(isContinuous) ? this.chars : this.words;
    const caseMode = opts.caseMode ?? (UPPER_ONLY.has(key) ? CaseMode.Upper : CaseMode.Capital);
    const rule: RuleName | null = this.weak.get(key) ?? null;
    if (!map.has(key)) map.set(key, { code, alt: opts.alt ?? null, rule, caseMode, weight: opts.weight ?? 1 });
    if (code && opts.lookup !== false && !this.lookup.has(key)) this.lookup.set(key, code);
  }
}

function addCurated(b: Builder): void {
  for (const p of BLOCKED) b.add(p, null, { caseMode: CaseMode.Any });
  for (const [p, [code, alt]] of Object.entries(AMBIGUOUS)) b.addDeclined(p, code, { alt });
  for (const [code, v] of Object.entries(ALIASES)) for (const p of variants(v)) b.addDeclined(p, code);
  for (const [code, v] of Object.entries(DEMONYMS)) {
    for (const p of variants(v)) {
      b.add(p, code);
      if (!/(s|sh|ch|ese)$/.test(p)) b.add(`${p}s`, code, { lookup: false });
    }
  }
  const anyCase = { caseMode: CaseMode.Any, lookup: false };
  for (const [code, v] of Object.entries(RU_ADJECTIVES)) {
    for (const stem of variants(v)) for (const e of ADJECTIVE_ENDINGS) b.addKeys([fold(stem + e)], code, anyCase);
  }
  const capital = { lookup: false, weight: CAPITAL_WEIGHT };
  for (const [code, v] of Object.entries(CAPITALS)) for (const p of variants(v)) b.addDeclined(p, code, capital);
}

/** Packs an entry index and two flags into one number (see GazetteerData). */
function pack(entry: number, lookup: boolean, longer: boolean): number {
  return (entry + 1) * 4 + (lookup ? 2 : 0) + (longer ? 1 : 0);
}

/**
 * A flat phrase map in which every proper prefix of a phrase is marked too, so that matching knows when to stop.
 * `entries` collects the distinct entries (by value) and gives their indexes.
 */
function flatten(b: Builder, chars: boolean, entries: Map<string, number>): Record<string, number> {
  const out = new Map<string, number>();
  for (const [key, e] of chars ? b.chars : b.words) {
    const signature = JSON.stringify([e.code ?? '', e.alt ?? '', e.rule ?? '', e.caseMode, e.weight]);
    if (!entries.has(signature)) entries.set(signature, entries.size);
    const longer = ((out.get(key) ?? 0) & 1) === 1;
    out.set(key, pack(entries.get(signature)!, b.lookup.get(key) === e.code, longer));
    const parts = chars ? [...key] : key.split(' ');
    for (let n = 1; n < parts.length; n++) {
      const prefix = parts.slice(0, n).join(chars ? '' : ' ');
      out.set(prefix, (out.get(prefix) ?? 0) | 1);
    }
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Builds the gazetteer from the package and aliases.ts. */
export function compileGazetteer(): GazetteerData {
  const iso = require('i18n-iso-countries') as IsoCountries;
  const b = new Builder();
  addCurated(b);
  const names: Record<string, string> = {};
  for (const locale of LOCALES) {
    for (const [code, list] of Object.entries(iso.getNames(locale, { select: 'all' }))) {
      if (locale === 'en') names[code] = DISPLAY[code] ?? list[0] ?? code;
      for (const plain of list.map(plainName)) {
        if (plain !== null && DECLINED_LOCALES.has(locale)) b.addDeclined(plain, code);
        else if (plain !== null) b.add(plain, code);
      }
    }
  }
  const alpha2: Record<string, string> = { ...iso.getAlpha3Codes(), ...iso.getNumericCodes() };
  const entries = new Map<string, number>();
  const words = flatten(b, false, entries);
  const chars = flatten(b, true, entries);
  // resolveCountry phrases whose code is not the matching entry's (the first source differed).
  const lookup: Record<string, string> = {};
  for (const [key, code] of b.lookup) if ((b.words.get(key) ?? b.chars.get(key))?.code !== code) lookup[key] = code;
  const version = (require('i18n-iso-countries/package.json') as { version: string }).version;
  return {
    source: `i18n-iso-countries ${version}`,
    names,
    alpha2,
    entries: [...entries.keys()].map((s) => JSON.parse(s) as GazetteerData['entries'][number]),
    words,
    chars,
    lookup,
  };
}

/** JSON with one key (or array item) per line, for readable diffs. */
function toJson(value: object): string {
  const item = (v: unknown): string =>
    v && typeof v === 'object' && !Array.isArray(v) ? toJson(v) : JSON.stringify(v);
  const rows = Array.isArray(value)
    ? value.map((v) => JSON.stringify(v))
    : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${item(v)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${rows.join(',\n')}\n${close}`;
}

/** The source text of gazetteer-data.ts (see GazetteerSource). */
export function renderGazetteerModule(): string {
  const { words, chars, ...core } = compileGazetteer();
  const part = (s: Section): Record<string, number> =>
    Object.fromEntries(Object.entries(words).filter(([k]) => wordSection(k) === s));
  const sections: Record<keyof GazetteerSource, object> = { core, latin: part('latin'), other: part('other'), chars };
  const body = Object.entries(sections).map(([name, value]) => {
    const json = toJson(value);
    if (json.includes('`') || json.includes('${')) throw new Error('gazetteer: a name contains ` or ${');
    return `  ${name}: String.raw\`${json}\`,`;
  });
  return [
    `// Generated by compile.ts from ${core.source} and aliases.ts: do not edit. To refresh, run`,
    '// `npx vitest run test/unit/match/entities -u`. JSON texts, parsed when first needed.',
    "import type { GazetteerSource } from './entry.js';",
    '',
    'export const GAZETTEER_SOURCE: GazetteerSource = {',
    ...body,
    '};',
    '',
  ].join('\n');
}
