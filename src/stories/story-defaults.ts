/**
 * Grouping thresholds, tuned on the fixtures in test/fixtures/stories (measured values in docs/stories.md).
 * Frozen: a topic may override them per call, never for everyone.
 */

/** The knobs `chooseStory` reads. */
export interface StoryThresholds {
  /** How far an article's date may lie outside a story's [firstSeen, lastSeen] span to join it. */
  windowMs: number;
  /** Estimated Jaccard of headline + lead shingles from which two texts are one article republished. */
  nearDuplicate: number;
  /** Key terms an article must share with a story (same primary entity) to be the same event. */
  sameEventMinOverlap: number;
  /** …and the share of the article's own key terms those shared ones must be. */
  sameEventMinCoverage: number;
  /** Shared key terms needed when neither side has a primary entity: the terms alone must carry the match. */
  noEntityMinOverlap: number;
  /** Window of the weaker cross-language rule: same primary entity, key terms in another script. */
  crossLanguageWindowMs: number;
  /** Key terms a story keeps (see `mergeKeyTerms`). */
  maxStoryTerms: number;
  /** Fingerprints of its most recent articles a story keeps for near-duplicate checks. */
  maxStoryFingerprints: number;
}

const HOUR_MS = 60 * 60 * 1000;

/** The defaults; see docs/stories.md for the fixture measurements behind each. */
export const STORY_DEFAULTS: Readonly<StoryThresholds> = Object.freeze({
  windowMs: 48 * HOUR_MS,
  nearDuplicate: 0.5,
  sameEventMinOverlap: 3,
  sameEventMinCoverage: 0.34,
  noEntityMinOverlap: 6,
  crossLanguageWindowMs: 12 * HOUR_MS,
  maxStoryTerms: 64,
  maxStoryFingerprints: 16,
});
