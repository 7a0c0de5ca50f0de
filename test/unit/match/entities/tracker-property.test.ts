import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntityTracker, resolveCountry } from '../../../../src/match/entities/index.js';

// Country words, look-alikes and punctuation, mixed with arbitrary Unicode.
const PIECES = [
  'Kazakhstan', 'Kazakh', 'UAE', 'U.S.', 'us', 'Jordan', 'Michael', 'Georgia', 'Tbilisi', 'Chad', 'Turkey', 'turkey',
  'Congo', 'Guinea', 'Niger', 'Washington', 'Post', 'constructor', '__proto__', 'toString', 'Казахстана',
  'والبحرين', 'בישראל', '哈萨克斯坦', 'カザフスタン', '카자흐스탄이', 'in', 'and', ',', '.', "'s", '-', '\n', ' ',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string(), fc.string({ unit: 'binary' })), { maxLength: 40 })
  .map((parts) => parts.join(' '));
const article = fc.record({ title: text, summary: text, content: text });

describe('entity tracker properties', () => {
  const ignore = ['Israel', 'US'];
  const tracker = createEntityTracker({ type: 'country', known: ['Bahrain'], ignore });

  it('never throws; valid codes, at most one primary and first, ignored omitted', () => {
    fc.assert(
      fc.property(article, (a) => {
        const found = tracker.find(a);
        for (const m of found) {
          expect(m.code).toMatch(/^[A-Z]{2}$/);
          expect(resolveCountry(m.code)?.code).toBe(m.code);
          expect(m.mentions).toBeGreaterThan(0);
          expect(['IL', 'US']).not.toContain(m.code);
          expect(m.known).toBe(m.code === 'BH');
        }
        expect(found.filter((m) => m.primary).length).toBeLessThanOrEqual(1);
        expect(found.slice(1).some((m) => m.primary)).toBe(false);
        expect(new Set(found.map((m) => m.code)).size).toBe(found.length);
      }),
      { numRuns: 300 },
    );
  });
});
