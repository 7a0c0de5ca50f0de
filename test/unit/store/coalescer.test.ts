import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../../src/store/coalescer.js';

describe('Coalescer', () => {
  it('runs the calls of one turn as one batch and gives each caller its own output', async () => {
    const batches: number[][] = [];
    const doubler = new Coalescer<number, number>(async (inputs) => {
      batches.push([...inputs]);
      return inputs.map((n) => n * 2);
    });
    const outputs = await Promise.all([1, 2, 3].map((n) => doubler.submit(n)));
    expect(outputs).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('holds what arrives while a batch runs for the next one, one batch at a time', async () => {
    const batches: number[][] = [];
    let running = 0;
    let overlapped = false;
    let release!: () => void;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    const coalescer = new Coalescer<number, number>(async (inputs) => {
      overlapped ||= running > 0;
      running++;
      batches.push([...inputs]);
      if (batches.length === 1) await firstHeld;
      running--;
      return inputs;
    });
    const first = coalescer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [coalescer.submit(2), coalescer.submit(3)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
    expect(overlapped).toBe(false);
  });

  it('splits a long queue into batches of at most maxBatch, in order', async () => {
    const sizes: number[] = [];
    const coalescer = new Coalescer<number, number>(async (inputs) => {
      sizes.push(inputs.length);
      return inputs.map((n) => n + 1);
    }, 4);
    const outputs = await Promise.all(Array.from({ length: 10 }, (_, i) => coalescer.submit(i)));
    expect(outputs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("rejects every caller of a failed batch, and the next batch still runs", async () => {
    let calls = 0;
    const coalescer = new Coalescer<string, string>(async (inputs) => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
      return inputs.map((s) => s.toUpperCase());
    });
    const failed = [coalescer.submit('a'), coalescer.submit('b')].map((p) => p.then(() => 'resolved', (e: Error) => e.message));
    expect(await Promise.all(failed)).toEqual(['database is locked', 'database is locked']);
    expect(await coalescer.submit('c')).toBe('C');
  });

  it('drain settles only after every submitted call ran', async () => {
    const done: number[] = [];
    const coalescer = new Coalescer<number, void>(async (inputs) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push(...inputs);
      return inputs.map(() => undefined);
    }, 2);
    for (const n of [1, 2, 3]) void coalescer.submit(n);
    await coalescer.drain();
    expect(done).toEqual([1, 2, 3]);
  });
});
