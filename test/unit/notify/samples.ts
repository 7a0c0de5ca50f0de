/**
 * What notify tests share: the alert they start from (a new primary entity, a three-article story, one article
 * shown) and credentials that must never show up in a description or an error.
 */
import type { NotifierTemplates } from '../../../src/config/types.js';
import type { Alert, AlertArticle, AlertEntity } from '../../../src/types.js';

export const BOT_TOKEN = '123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
export const NTFY_TOKEN = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
/** A notifier config's templates when it has none. */
export const NO_TEMPLATES: NotifierTemplates = Object.freeze({ title: null, body: null });

export function sampleArticle(overrides: Partial<AlertArticle> = {}): AlertArticle {
  return {
    url: 'https://news.example.org/a?id=1&x=2',
    title: 'Kazakhstan joins the Abraham Accords',
    source: 'The National',
    published: '2025-11-06T18:00:00.000Z',
    snippet: 'Kazakhstan will join the Abraham Accords, the White House said.',
    ...overrides,
  };
}

export const SAMPLE_ENTITIES: readonly AlertEntity[] = Object.freeze([
  { code: 'KZ', name: 'Kazakhstan', primary: true, new: true },
  { code: 'IL', name: 'Israel', primary: false, new: false },
  { code: 'US', name: 'United States', primary: false, new: false },
]);

export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'dlv-42',
    topic: { id: 'abraham-accords', name: 'Abraham Accords membership' },
    story: {
      id: 'story-7',
      firstSeen: '2025-11-06T18:00:00.000Z',
      articleCount: 3,
      sources: ['The National', 'Fox News', 'Reuters'],
    },
    update: false,
    threadId: null,
    entities: SAMPLE_ENTITIES.map((entity) => ({ ...entity })),
    articles: [sampleArticle()],
    matchedTerms: ['abraham accords'],
    createdAt: '2025-11-06T19:00:00.000Z',
    ...overrides,
  };
}
