import {
  fingerprintArticle,
  type StoryCandidate,
  type StoryFingerprint,
  type StoryInput,
  type StoryReason,
} from '../../../src/stories/index.js';
import { STORY_FIXTURES, type StoryFixtureName } from '../../fixtures/stories/articles.js';

/** One grouping case: a story started by `story`, then `incoming` arrives; `expected` is the rule that should fire. */
export interface StoryPair {
  story: StoryFixtureName;
  incoming: StoryFixtureName;
  expected: StoryReason | null;
  why: string;
}

export const STORY_PAIRS: readonly StoryPair[] = [
  { story: 'kz-accession-gulf', incoming: 'kz-accession-cable', expected: 'same-event', why: 'accession, 2 framings' },
  { story: 'kz-accession-cable', incoming: 'kz-accession-gulf', expected: 'same-event', why: 'accession, other order' },
  { story: 'sd-ceasefire-wire', incoming: 'sd-ceasefire-analysis', expected: 'same-event', why: 'ceasefire' },
  { story: 'jp-quake-agency', incoming: 'jp-quake-local', expected: 'same-event', why: 'earthquake' },
  { story: 'gb-rates-markets', incoming: 'gb-rates-household', expected: 'same-event', why: 'rate decision' },
  { story: 'outage-tech', incoming: 'outage-business', expected: 'same-event', why: 'no entity, outage' },
  { story: 'gr-wildfire-late', incoming: 'gr-wildfire-after-midnight', expected: 'same-event', why: '23:30 → 00:40' },
  { story: 'kz-accession-gulf', incoming: 'kz-accession-wire-copy', expected: 'near-duplicate', why: 'wire copy' },
  { story: 'kz-accession-gulf', incoming: 'kz-accession-headline-only', expected: 'same-event', why: 'headline only' },
  { story: 'kz-accession-gulf', incoming: 'kz-accession-arabic', expected: 'cross-language', why: 'Arabic report' },
  { story: 'kz-accession-gulf', incoming: 'kz-pipeline-same-day', expected: null, why: 'other event, same day' },
  { story: 'kz-pipeline-same-day', incoming: 'kz-accession-cable', expected: null, why: 'other event, same day' },
  {
    story: 'kz-accession-headline-only',
    incoming: 'kz-pipeline-same-day',
    expected: 'same-event',
    why: 'known limit: a headline-only story absorbs a report containing all its terms',
  },
  { story: 'kz-accession-gulf', incoming: 'kz-flights-week-later', expected: null, why: 'other event, a week on' },
  { story: 'jp-quake-agency', incoming: 'gb-rates-markets', expected: null, why: 'unrelated' },
  { story: 'outage-tech', incoming: 'gb-rates-household', expected: null, why: 'unrelated, one without entity' },
];

/** The fingerprint of a fixture report. */
export function fingerprintOf(name: StoryFixtureName): StoryFingerprint {
  return fingerprintArticle({ ...STORY_FIXTURES[name], content: '' });
}

/** A one-article story started by a fixture report, with the fixture's name as its id. */
export function storyOf(name: StoryFixtureName): StoryCandidate {
  const fixture = STORY_FIXTURES[name];
  const fingerprint = fingerprintOf(name);
  const seen = new Date(fixture.published);
  return {
    id: name,
    primaryEntity: fixture.entity,
    firstSeen: seen,
    lastSeen: seen,
    keyTerms: fingerprint.keyTerms,
    fingerprints: [fingerprint],
  };
}

/** A fixture report as the article to group. */
export function inputOf(name: StoryFixtureName): StoryInput {
  const fixture = STORY_FIXTURES[name];
  return { fingerprint: fingerprintOf(name), primaryEntity: fixture.entity, published: new Date(fixture.published) };
}
