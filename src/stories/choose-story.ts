/**
 * Which story an article joins. Rules, strongest first, each only within `windowMs` of the story's span
 * [firstSeen, lastSeen] (so a story stays open while reports keep coming, and late or backdated reports still join):
 * 1. near-duplicate — the text of one of the story's recent articles, republished (`isSameArticle`);
 * 2. same-event — same primary entity and enough shared key terms (stricter when neither side has an entity);
 * 3. cross-language — same primary entity within `crossLanguageWindowMs`, the key terms written in another script,
 *    so overlap cannot be measured. Weaker: with two stories of that entity open, the most recent one wins.
 * The strongest rule wins, then the highest score, then the most recently seen story, then the smaller id.
 */
import { isEmptySignature, similarity, type StoryFingerprint } from './fingerprint.js';
import { STORY_DEFAULTS, type StoryThresholds } from './story-defaults.js';
import { dominantScript } from './words.js';

/** A story of the article's topic that it might join, as the store knows it. */
export interface StoryCandidate {
  id: string;
  /** ISO code of the story's primary entity, or null when it has none. */
  primaryEntity: string | null;
  firstSeen: Date;
  lastSeen: Date;
  /** Key terms of the story so far (see `mergeKeyTerms`). */
  keyTerms: readonly string[];
  /** Fingerprints of its most recent articles, at most `maxStoryFingerprints`. */
  fingerprints: readonly StoryFingerprint[];
}

/** The article being grouped. */
export interface StoryInput {
  fingerprint: StoryFingerprint;
  primaryEntity: string | null;
  published: Date;
}

/** Why an article joins a story. */
export type StoryReason = 'near-duplicate' | 'same-event' | 'cross-language';

/** The story an article joins; `score`: similarity (near-duplicate), key-term coverage, or closeness in time (0–1). */
export interface StoryChoice {
  storyId: string;
  reason: StoryReason;
  score: number;
}

const REASON_RANK: Readonly<Record<StoryReason, number>> = {
  'near-duplicate': 0,
  'same-event': 1,
  'cross-language': 2,
};

/** How far `at` lies outside the story's [firstSeen, lastSeen] span, in ms: 0 inside, Infinity for an invalid date. */
export function distanceFromStoryMs(at: Date, candidate: Pick<StoryCandidate, 'firstSeen' | 'lastSeen'>): number {
  const start = Math.min(candidate.firstSeen.getTime(), candidate.lastSeen.getTime());
  const end = Math.max(candidate.firstSeen.getTime(), candidate.lastSeen.getTime());
  const t = at.getTime();
  if (Number.isNaN(t + start + end)) return Number.POSITIVE_INFINITY;
  return t < start ? start - t : t > end ? t - end : 0;
}

function storyTerms(candidate: StoryCandidate): Set<string> {
  const terms = new Set(candidate.keyTerms);
  for (const fingerprint of candidate.fingerprints) for (const term of fingerprint.keyTerms) terms.add(term);
  return terms;
}

/** Shared key terms of an article and a story, and their share of the smaller side. */
export function termOverlap(
  articleTerms: ReadonlySet<string>,
  story: ReadonlySet<string>,
): { shared: number; coverage: number } {
  let shared = 0;
  for (const term of articleTerms) if (story.has(term)) shared++;
  const smaller = Math.min(articleTerms.size, story.size);
  return { shared, coverage: smaller === 0 ? 0 : shared / smaller };
}

function judge(
  input: StoryInput,
  inputTerms: ReadonlySet<string>,
  candidate: StoryCandidate,
  limits: StoryThresholds,
): StoryChoice | null {
  const distanceMs = distanceFromStoryMs(input.published, candidate);
  // Negated so that a NaN window (a caller's bad override) admits nothing.
  if (!(distanceMs <= limits.windowMs)) return null;
  let best = 0;
  for (const fingerprint of candidate.fingerprints) best = Math.max(best, similarity(input.fingerprint, fingerprint));
  if (best >= limits.nearDuplicate && !isEmptySignature(input.fingerprint.signature)) {
    return { storyId: candidate.id, reason: 'near-duplicate', score: best };
  }
  if (input.primaryEntity !== candidate.primaryEntity) return null;
  const terms = storyTerms(candidate);
  const { shared, coverage } = termOverlap(inputTerms, terms);
  const minShared = input.primaryEntity === null ? limits.noEntityMinOverlap : limits.sameEventMinOverlap;
  if (shared >= minShared && coverage >= limits.sameEventMinCoverage) {
    return { storyId: candidate.id, reason: 'same-event', score: coverage };
  }
  if (input.primaryEntity === null || distanceMs > limits.crossLanguageWindowMs || shared > 0) return null;
  const inputScript = dominantScript(inputTerms);
  const storyScript = dominantScript(terms);
  if (inputScript === null || storyScript === null || inputScript === storyScript) return null;
  return { storyId: candidate.id, reason: 'cross-language', score: 1 - distanceMs / limits.crossLanguageWindowMs };
}

interface Judged {
  choice: StoryChoice;
  lastSeenMs: number;
}

function better(a: Judged, b: Judged): boolean {
  const [x, y] = [a.choice, b.choice];
  if (x.reason !== y.reason) return REASON_RANK[x.reason] < REASON_RANK[y.reason];
  if (x.score !== y.score) return x.score > y.score;
  if (a.lastSeenMs !== b.lastSeenMs) return a.lastSeenMs > b.lastSeenMs;
  return x.storyId < y.storyId;
}

/** The story an article joins, or null when it starts a new one; `reason` says which rule matched. */
export function chooseStory(
  input: StoryInput,
  candidates: readonly StoryCandidate[],
  options: Partial<StoryThresholds> = {},
): StoryChoice | null {
  // An override given as undefined keeps the default rather than disabling the rule.
  const overrides = Object.entries(options).filter(([, value]) => value !== undefined);
  const limits: StoryThresholds = { ...STORY_DEFAULTS, ...Object.fromEntries(overrides) };
  const inputTerms = new Set(input.fingerprint.keyTerms);
  let chosen: Judged | null = null;
  for (const candidate of candidates) {
    const choice = judge(input, inputTerms, candidate, limits);
    if (choice === null) continue;
    const judged = { choice, lastSeenMs: candidate.lastSeen.getTime() };
    if (chosen === null || better(judged, chosen)) chosen = judged;
  }
  return chosen?.choice ?? null;
}

/** A story's key terms after an article joins: the story's first, then the article's new ones, capped. */
export function mergeKeyTerms(
  story: readonly string[],
  article: readonly string[],
  maxTerms: number = STORY_DEFAULTS.maxStoryTerms,
): string[] {
  return [...new Set([...story, ...article])].slice(0, maxTerms);
}
