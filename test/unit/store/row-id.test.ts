import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newRowId } from '../../../src/store/row-id.js';

const timeOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('row ids', () => {
  afterEach(() => vi.useRealTimers());

  it('are UUIDv7s that sort in the order they were made, also many within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newRowId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('start with the time they were made once no burst has borrowed ahead', async () => {
    // A burst of more than 4,096 ids in a millisecond may run a millisecond or two ahead of the clock.
    await sleep(10);
    const before = Date.now();
    const id = newRowId();
    const at = timeOf(id);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('borrow the next millisecond after 4,096 ids in one, and stay increasing', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const frozen = Date.now() + 60_000;
    vi.setSystemTime(frozen);
    const ids = Array.from({ length: 5000 }, () => newRowId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 4096).every((id) => timeOf(id) === frozen)).toBe(true);
    expect(ids.slice(4096).every((id) => timeOf(id) === frozen + 1)).toBe(true);
  });
});
