/**
 * Rules for names that often mean something else: a person (Michael Jordan, Chad Smith), a US state (Georgia),
 * a bird (turkey), a newspaper (Washington Post). A mention carrying a rule counts only when the rule accepts it.
 */
import { Gap, type Token } from './text.js';

export type RuleName = 'jordan' | 'chad' | 'georgia' | 'holland' | 'turkey' | 'washington' | 'jersey';

interface Rule {
  /** Reject when a capitalised word that is not a function word stands right before (1), after (2), either (3). */
  readonly person: number;
  /** Count only with country context: a cue word before, a list of countries, a context word, another mention. */
  readonly needsContext: boolean;
  /** Whether a preposition right before ("in Jordan") is country context. */
  readonly cue: boolean;
  readonly context: ReadonlySet<string>;
  /** Words anywhere in the article that mean the other sense (Atlanta → the US state). */
  readonly against: ReadonlySet<string>;
  readonly vetoBefore: ReadonlySet<string>;
  readonly vetoAfter: ReadonlySet<string>;
}

const wordSet = (s: string): ReadonlySet<string> => new Set(s.split(' ').filter(Boolean));
const NONE = wordSet('');

function rule(r: Partial<Rule>): Rule {
  const none = { context: NONE, against: NONE, vetoBefore: NONE, vetoAfter: NONE };
  return { person: 0, needsContext: false, cue: false, ...none, ...r };
}

const RULES: Record<RuleName, Rule> = {
  jordan: rule({ person: 3, needsContext: true, cue: true, context: wordSet('amman hashemite aqaba zarqa petra rania') }),
  chad: rule({ person: 3, needsContext: true, cue: true, context: wordSet('djamena ndjamena deby sahel') }),
  holland: rule({ person: 3, needsContext: true, cue: true, context: wordSet('amsterdam rotterdam hague dutch') }),
  georgia: rule({
    person: 3,
    needsContext: true,
    context: wordSet('caucasus abkhazia ossetia batumi kutaisi kobakhidze ivanishvili zourabichvili garibashvili'),
    against: wordSet(
      'atlanta savannah augusta macon county counties governor kemp raffensperger peach alabama florida tennessee '
        + 'carolina',
    ),
  }),
  jersey: rule({ needsContext: true, context: wordSet('guernsey channel helier bailiwick') }),
  turkey: rule({
    vetoBefore: wordSet('thanksgiving roast roasted wild smoked stuffed christmas deli fried carve carving leftover'),
    vetoAfter: wordSet(
      'recipe recipes dinner sandwich sandwiches breast burger burgers leg legs meat gravy stuffing day pardon trot '
        + 'farm farms farmers hunting bacon',
    ),
  }),
  washington: rule({
    person: 1,
    vetoBefore: wordSet('lake mount mt fort port'),
    vetoAfter: wordSet('post times examiner state county commanders nationals wizards capitals mystics huskies irving'),
  }),
};

/** Phrases (any script) that carry a rule; keys are folded by the gazetteer. */
export const WEAK_PHRASES: Record<string, RuleName> = {
  Jordan: 'jordan', ירדן: 'jordan', Chad: 'chad', Holland: 'holland', Turkey: 'turkey', Washington: 'washington',
  Georgia: 'georgia', Georgian: 'georgia', Georgie: 'georgia', Georgien: 'georgia', Jersey: 'jersey',
  Джерси: 'jersey',
};

// Capitalised at a sentence start without being a first name.
const FUNCTION = wordSet(
  'the a an in of to from for and or but with by on at as into across neighbouring neighboring both while when after '
    + 'before since if also like including between against via visit visiting visited says said why how what where '
    + 'whether that this not only even unlike than per about',
);
// Capitalised words that may follow a country without making it a person's name.
const TITLES = wordSet(
  'president prime minister ministry foreign king queen crown government army armed defence defense embassy '
    + 'parliament central national border military ambassador economy capital officials',
);
const CUES = wordSet(
  'in of to from into across throughout via neighbouring neighboring visit visited visiting towards inside',
);
const LIST_WORDS = wordSet('and or');

/** What a rule may look at around one mention. */
export interface RuleContext {
  readonly tokens: readonly Token[];
  /** The field is in title case or capitals, so capitalisation says nothing. */
  readonly titleCase: boolean;
  /** Token range of the mention, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly code: string;
  /** Token indexes where other country mentions start / end (exclusive) in this field. */
  readonly hitStarts: ReadonlySet<number>;
  readonly hitEnds: ReadonlySet<number>;
  /** Codes mentioned without a rule anywhere in the article. */
  readonly strongCodes: ReadonlySet<string>;
  /** Whether the folded word occurs anywhere in the article. */
  readonly hasWord: (word: string) => boolean;
}

function inList(c: RuleContext): boolean {
  const { tokens, start, end } = c;
  const before = (c.hitEnds.has(start) && tokens[start]?.gap === Gap.Comma)
    || (c.hitEnds.has(start - 1) && LIST_WORDS.has(tokens[start - 1]?.f ?? ''));
  const after = (c.hitStarts.has(end) && tokens[end]?.gap === Gap.Comma)
    || (c.hitStarts.has(end + 1) && LIST_WORDS.has(tokens[end]?.f ?? ''));
  return before || after;
}

/** How a rule judged one mention. */
export const Verdict = { Reject: 0, Person: 1, Weak: 2, Accept: 3 } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/**
 * Judges a mention carrying rule `name`. `Weak` means only a cue word or a possessive supports it; the tracker
 * accepts those unless another mention of the same name was a person's (Michael Jordan … "from Jordan's").
 */
export function judgeWeak(name: RuleName, c: RuleContext): Verdict {
  const r = RULES[name];
  const tokens = c.tokens;
  const prev = tokens[c.start]?.gap === Gap.Space ? tokens[c.start - 1] : undefined;
  const next = tokens[c.end]?.gap === Gap.Space ? tokens[c.end] : undefined;
  if ((prev && r.vetoBefore.has(prev.f)) || (next && r.vetoAfter.has(next.f))) return Verdict.Reject;
  if (!c.titleCase) {
    if (r.person & 1 && prev?.cap && !FUNCTION.has(prev.f) && !c.hitEnds.has(c.start)) return Verdict.Person;
    if (r.person & 2 && next?.cap && !TITLES.has(next.f) && !c.hitStarts.has(c.end)) return Verdict.Person;
  }
  if (!r.needsContext) return Verdict.Accept;
  if ([...r.against].some(c.hasWord)) return Verdict.Reject;
  if (inList(c) || c.strongCodes.has(c.code) || [...r.context].some(c.hasWord)) return Verdict.Accept;
  const possessive = tokens[c.end]?.gap === Gap.Apostrophe && tokens[c.end]?.f === 's';
  if (possessive) return TITLES.has(tokens[c.end + 1]?.f ?? '') ? Verdict.Weak : Verdict.Reject;
  return r.cue && prev !== undefined && CUES.has(prev.f) ? Verdict.Weak : Verdict.Reject;
}
