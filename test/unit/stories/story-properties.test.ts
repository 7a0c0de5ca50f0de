import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseStory,
  deserializeFingerprint,
  distanceFromStoryMs,
  fingerprintArticle,
  serializeFingerprint,
  similarity,
  type StoryCandidate,
} from '../../../src/stories/index.js';

// A small vocabulary so generated texts overlap often enough for every rule to fire.
const VOCAB = ['kazakhstan', 'joins', 'accords', 'ceasefire', 'quake', 'bank', 'rates', 'Société', 'كازاخستان', 'a'];
const vocabText = fc.array(fc.constantFrom(...VOCAB), { maxLength: 24 }).map((words) => words.join(' '));
const anyText = fc.oneof(
  { arbitrary: vocabText, weight: 4 },
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary' }),
);
const article = fc.record({ title: anyText, summary: anyText, content: anyText });
const fingerprint = article.map(fingerprintArticle);
const entity = fc.constantFrom('KZ', 'SD', null);
const HOUR_MS = 3_600_000;
const instant = fc.integer({ min: 0, max: 10 * 24 }).map((hours) => new Date(Date.UTC(2025, 10, 1) + hours * HOUR_MS));

const candidate = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    primaryEntity: entity,
    firstSeen: instant,
    spanHours: fc.integer({ min: 0, max: 96 }),
    texts: fc.array(fingerprint, { minLength: 1, maxLength: 3 }),
  })
  .map(
    ({ id, primaryEntity, firstSeen, spanHours, texts }): StoryCandidate => ({
      id,
      primaryEntity,
      firstSeen,
      lastSeen: new Date(firstSeen.getTime() + spanHours * HOUR_MS),
      keyTerms: texts.flatMap((t) => t.keyTerms),
      fingerprints: texts,
    }),
  );

describe('story properties', () => {
  it('fingerprints the same text the same way every time', () => {
    fc.assert(
      fc.property(article, (a) => {
        expect(fingerprintArticle({ ...a })).toEqual(fingerprintArticle(a));
      }),
    );
  });

  it('makes similarity symmetric, within [0, 1], and 1 for the same text', () => {
    fc.assert(
      fc.property(fingerprint, fingerprint, (a, b) => {
        const s = similarity(a, b);
        expect(similarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(similarity(a, a)).toBe(1);
      }),
    );
  });

  it('round-trips every fingerprint through its stored form', () => {
    fc.assert(
      fc.property(fingerprint, (f) => {
        expect(deserializeFingerprint(serializeFingerprint(f))).toEqual(f);
      }),
    );
  });

  it('never chooses a candidate outside the window', () => {
    fc.assert(
      fc.property(
        fingerprint,
        entity,
        instant,
        fc.array(candidate, { maxLength: 6 }),
        fc.integer({ min: 0, max: 96 }),
        fc.option(fc.nat()),
        (f, primaryEntity, published, candidates, windowHours, copyInto) => {
          // Sometimes one candidate holds the article itself, so the near-duplicate rule is exercised too.
          if (copyInto !== null && candidates.length > 0) {
            const holder = candidates[copyInto % candidates.length]!;
            holder.fingerprints = [...holder.fingerprints, f];
          }
          const windowMs = windowHours * HOUR_MS;
          const choice = chooseStory({ fingerprint: f, primaryEntity, published }, candidates, { windowMs });
          if (choice === null) return;
          const chosen = candidates.filter((c) => c.id === choice.storyId);
          expect(chosen.some((c) => distanceFromStoryMs(published, c) <= windowMs)).toBe(true);
        },
      ),
    );
  });
});
