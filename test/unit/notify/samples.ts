/**
 * What notify tests share: the alert they start from (a new primary entity, a three-article story, one article
 * shown), the digests built from such alerts, and credentials that must never show up in a description or an error.
 */
import type { NotifierTemplates } from '../../../src/config/types.js';
import type { Alert, AlertArticle, AlertEntity, DigestAlert } from '../../../src/types.js';

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

/** A story of `topic` with one article titled `title`; `isNew` gives it a new primary entity. */
export function sampleStory(topic: Alert['topic'], id: string, title: string, isNew = false): Alert {
  return sampleAlert({
    id: `dlv-${id}`,
    topic,
    story: { id: `story-${id}`, firstSeen: '2025-11-06T08:10:00.000Z', articleCount: 1, sources: ['Reuters'] },
    entities: isNew
      ? [{ code: 'AZ', name: 'Azerbaijan', primary: true, new: true }]
      : [{ code: 'IL', name: 'Israel', primary: true, new: false }],
    articles: [sampleArticle({ title, url: `https://news.example.org/${id}`, source: 'Reuters' })],
  });
}

export const ACCORDS = Object.freeze({ id: 'abraham-accords', name: 'Abraham Accords membership' });
export const GULF = Object.freeze({ id: 'gulf-diplomacy', name: 'Gulf diplomacy' });

/**
 * A digest of two topics in config order: Abraham Accords with the new-entity story first (the sample alert), then an
 * update without anything new; Gulf diplomacy with one story.
 */
export function sampleDigest(overrides: Partial<DigestAlert> = {}): DigestAlert {
  return {
    id: 'dgst-9',
    periodStart: '2025-11-06T08:00:00.000Z',
    periodEnd: '2025-11-06T09:00:00.000Z',
    topics: [
      {
        topic: { ...ACCORDS },
        alerts: [
          sampleAlert({ id: 'dlv-1' }),
          { ...sampleStory({ ...ACCORDS }, '2', 'Israel and Saudi Arabia resume talks'), update: true, threadId: 'dlv-0' },
        ],
      },
      { topic: { ...GULF }, alerts: [sampleStory({ ...GULF }, '3', 'Qatar hosts Gulf summit')] },
    ],
    createdAt: '2025-11-06T09:00:00.000Z',
    ...overrides,
  };
}

/** `perTopic` stories in each of `topics` topics, the first two of each with a new entity; `title` makes them long. */
export function bigDigest(topics = 3, perTopic = 20, title = (topic: number, story: number) => `Topic ${topic} story ${story}`): DigestAlert {
  return sampleDigest({
    topics: Array.from({ length: topics }, (_, t) => {
      const topic = { id: `topic-${t}`, name: `Topic ${t}` };
      return {
        topic,
        alerts: Array.from({ length: perTopic }, (_, s) => sampleStory(topic, `${t}-${s}`, title(t, s), s < 2)),
      };
    }),
  });
}
