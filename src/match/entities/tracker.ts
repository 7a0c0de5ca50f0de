/**
 * Finds the countries an article mentions and picks the one it is about: scan each field, apply the ambiguity
 * rules, then score mentions by position (docs/entities.md).
 */
import type { EntitiesConfig } from '../../config/types.js';
import { judgeWeak, Verdict, type RuleName } from './ambiguity.js';
import { gazetteer, resolveCountry } from './gazetteer.js';
import { scan, type Scanned } from './scan.js';

/** One country an article mentions. */
export interface EntityMention {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** English short name. */
  name: string;
  /** The country the article is about (at most one per article). */
  primary: boolean;
  /** Listed in the topic's `known`. */
  known: boolean;
  mentions: number;
}

/** The fields of an article that are searched (plain text). */
export interface EntityArticle {
  title: string;
  summary: string;
  content: string;
}

export interface EntityTracker {
  /** Countries mentioned, primary first, then by salience; ignored countries omitted. */
  find(article: EntityArticle): EntityMention[];
}

/** Weight of a mention in the headline, the lead, the rest. */
const FIELD_WEIGHT = [5, 3, 1] as const;
/** Extra weight for the first country of the headline, usually its subject. */
const HEADLINE_FIRST_BONUS = 2;
/** Without a summary, this many first words of the content are the lead. */
const LEAD_WORDS = 60;
/** A primary needs at least a headline mention's worth of score... */
const MIN_PRIMARY_SCORE = 5;
/** ...and this many times the runner-up's, or simply more when it is the only country in the headline. */
const CLEAR_MARGIN = 1.5;

interface Accepted {
  readonly code: string;
  readonly start: number;
  readonly weight: number;
}

interface Tally {
  code: string;
  score: number;
  mentions: number;
  first: number;
  prominent: boolean;
  headline: boolean;
}

interface Judged extends Accepted {
  readonly rule: RuleName | null;
  readonly verdict: Verdict;
}

function judgeField(f: Scanned, strongCodes: ReadonlySet<string>, hasWord: (w: string) => boolean): Judged[] {
  const hitStarts = new Set(f.matches.map((m) => m.start));
  const hitEnds = new Set(f.matches.map((m) => m.end));
  return f.matches.map(({ entry, start, end }) => {
    const main = entry.code!;
    // An ambiguous name takes its second reading only when the article names that country alone.
    const code = entry.alt && strongCodes.has(entry.alt) && !strongCodes.has(main) ? entry.alt : main;
    const { tokens, titleCase } = f;
    const ctx = { tokens, titleCase, start, end, code, hitStarts, hitEnds, strongCodes, hasWord };
    const verdict = entry.rule ? judgeWeak(entry.rule, ctx) : Verdict.Accept;
    return { code, start, weight: entry.weight, rule: entry.rule, verdict };
  });
}

/** Applies the ambiguity rules; returns the accepted mentions with their final codes, field by field. */
function resolve(fields: readonly Scanned[]): Accepted[][] {
  const strong = new Set<string>();
  for (const f of fields) for (const m of f.matches) if (!m.entry.rule && !m.entry.alt) strong.add(m.entry.code!);
  let vocabulary: Set<string> | null = null;
  const hasWord = (w: string): boolean =>
    (vocabulary ??= new Set(fields.flatMap((f) => f.tokens.map((t) => t.f)))).has(w);
  const judged = fields.map((f) => judgeField(f, strong, hasWord));
  // One "Michael Jordan" makes a bare "from Jordan's" in the same article the person too.
  const people = new Set(judged.flat().filter((j) => j.verdict === Verdict.Person).map((j) => j.rule));
  const keep = (j: Judged): boolean =>
    j.verdict === Verdict.Accept || (j.verdict === Verdict.Weak && !people.has(j.rule));
  return judged.map((f) => f.filter(keep));
}

/** Scores per country, best first. */
function tally(fields: readonly Accepted[][], leadFromContent: boolean, ignore: ReadonlySet<string>): Tally[] {
  const byCode = new Map<string, Tally>();
  let headlineBonus = HEADLINE_FIRST_BONUS;
  fields.forEach((mentions, field) => {
    for (const { code, start, weight: share } of mentions) {
      if (ignore.has(code)) continue;
      const lead = field === 2 && leadFromContent && start < LEAD_WORDS;
      let weight: number = lead ? FIELD_WEIGHT[1] : FIELD_WEIGHT[field as 0 | 1 | 2];
      if (field === 0) [weight, headlineBonus] = [weight + headlineBonus, 0];
      weight *= share;
      const first = field * 1e6 + start;
      const t = byCode.get(code) ?? { code, score: 0, mentions: 0, first, prominent: false, headline: false };
      t.score += weight;
      t.mentions += 1;
      t.prominent ||= field < 2 || lead;
      t.headline ||= field === 0;
      byCode.set(code, t);
    }
  });
  return [...byCode.values()].sort((a, b) => b.score - a.score || a.first - b.first || (a.code < b.code ? -1 : 1));
}

/** The top country is primary when prominent, heavy enough and clearly ahead (docs/entities.md). */
function isPrimary([top, second, ...rest]: readonly Tally[]): boolean {
  if (!top?.prominent || top.score < MIN_PRIMARY_SCORE) return false;
  const runnerUp = second?.score ?? 0;
  const soleHeadline = top.headline && !second?.headline && !rest.some((t) => t.headline);
  return top.score >= CLEAR_MARGIN * runnerUp || (soleHeadline && top.score > runnerUp);
}

function resolveList(config: EntitiesConfig, list: 'known' | 'ignore'): Set<string> {
  return new Set(
    config[list].map((n) => {
      const c = resolveCountry(n);
      const hint = 'use an English name, a short form like UAE, or an ISO 3166-1 code';
      if (!c) throw new Error(`entities.${list}: unknown country "${n}" (${hint})`);
      return c.code;
    }),
  );
}

/** Compiles a topic's entity settings once; throws a clear Error naming an unknown country. */
export function createEntityTracker(config: EntitiesConfig): EntityTracker {
  if (config.type !== 'country') {
    throw new Error(`entities.type: "${String(config.type)}" is not supported (only "country")`);
  }
  const known = resolveList(config, 'known');
  const ignore = resolveList(config, 'ignore');
  const g = gazetteer();
  return {
    find(article) {
      const fields = [article.title, article.summary, article.content].map((text) => scan(g, text ?? ''));
      const ranked = tally(resolve(fields), fields[1]!.tokens.length === 0, ignore);
      const primary = isPrimary(ranked);
      return ranked.map((t, i) => ({
        code: t.code,
        name: g.names[t.code] ?? t.code,
        primary: primary && i === 0,
        known: known.has(t.code),
        mentions: t.mentions,
      }));
    },
  };
}
