import { describe, expect, it } from 'vitest';
import { FingerprintCache } from '../../../src/store/fingerprint-cache.js';

describe('FingerprintCache', () => {
  it("shows a transaction's own entries to it at once and to others only after it commits", () => {
    const cache = new FingerprintCache(10);
    const first = cache.forTransaction();
    first.remember(1, 'fp-1');
    expect(first.get(1)).toBe('fp-1');
    expect(cache.forTransaction().get(1)).toBeUndefined();
    first.commit();
    expect(cache.forTransaction().get(1)).toBe('fp-1');
  });

  it('forgets what a transaction that never commits remembered', () => {
    const cache = new FingerprintCache(10);
    const rolledBack = cache.forTransaction();
    rolledBack.remember(7, 'fp-rolled-back');
    expect(cache.get(7)).toBeUndefined();
  });

  it('evicts the least recently used entries past its capacity', () => {
    const cache = new FingerprintCache(2);
    cache.addCommitted(new Map([[1, 'a'], [2, 'b']]));
    expect(cache.get(1)).toBe('a');
    cache.addCommitted(new Map([[3, 'c']]));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBe('a');
    expect(cache.get(3)).toBe('c');
  });
});
