/** Public surface of story grouping: fingerprints of headline + lead, and the choice of the story an article joins. */
export {
  BAND_ROWS,
  BANDS,
  FINGERPRINT_VERSION,
  fingerprintArticle,
  isSameArticle,
  LEAD_WORDS,
  MAX_KEY_TERMS,
  MINHASH_PERMUTATIONS,
  similarity,
} from './fingerprint.js';
export type { FingerprintText, StoryFingerprint } from './fingerprint.js';
export { deserializeFingerprint, serializeFingerprint } from './serialize-fingerprint.js';
export { chooseStory, distanceFromStoryMs, mergeKeyTerms } from './choose-story.js';
export type { StoryCandidate, StoryChoice, StoryInput, StoryReason } from './choose-story.js';
export { STORY_DEFAULTS } from './story-defaults.js';
export type { StoryThresholds } from './story-defaults.js';
