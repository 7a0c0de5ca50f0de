/** Entity tracking for "membership" topics: which countries an article mentions and which one it is about. */
export { resolveCountry } from './gazetteer.js';
export { createEntityTracker } from './tracker.js';
export type { EntityArticle, EntityMention, EntityTracker } from './tracker.js';
