import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InlineDeliveries, type InlineDeliveriesOptions } from '../../../src/schedule/inline-deliveries.js';

/** A controllable attempt per delivery id: it resolves (or throws) when the test says so. */
function harness(overrides: Partial<InlineDeliveriesOptions> = {}) {
  const started: string[] = [];
  const queued: string[] = [];
  const released: string[] = [];
  const finish = new Map<string, (error?: Error) => void>();
  let clock = 0;
  const inline = new InlineDeliveries({
    concurrency: 2,
    maxWaitMs: 1000,
    attempt: (id) =>
      new Promise<void>((resolve, reject) => {
        started.push(id);
        finish.set(id, (error) => (error ? reject(error) : resolve()));
      }),
    queue: async (ids) => void queued.push(...ids),
    release: async (ids) => void released.push(...ids),
    logger: pino({ level: 'silent' }),
    now: () => clock,
    ...overrides,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { inline, started, queued, released, finish, settle, advance: (ms: number) => (clock += ms) };
}

describe('InlineDeliveries', () => {
  it('attempts at most `concurrency` at once, the rest in order as slots free up', async () => {
    const h = harness();
    h.inline.add(['a', 'b', 'c', 'd']);
    expect(h.started).toEqual(['a', 'b']);
    expect(h.inline.pending).toBe(4);
    h.finish.get('b')!();
    await h.settle();
    expect(h.started).toEqual(['a', 'b', 'c']);
    h.finish.get('a')!();
    h.finish.get('c')!();
    await h.settle();
    h.finish.get('d')!();
    await h.settle();
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    expect(h.inline.pending).toBe(0);
    expect(h.queued).toEqual([]);
  });

  it('works through a long queue in order, each delivery once, while more arrive (the queue drops taken entries)', async () => {
    const h = harness({ attempt: async (id) => void h.started.push(id) });
    const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `d${from + i}`);
    h.inline.add(ids(0, 3000));
    await h.settle();
    h.inline.add(ids(3000, 2000));
    const close = h.inline.close(1000);
    await h.settle();
    expect(await close).toBe(true);
    expect(h.started.length + h.released.length).toBe(5000);
    expect(h.released).toEqual(ids(5000 - h.released.length, h.released.length));
    expect(h.started).toEqual(ids(0, h.started.length));
    expect(h.started.length).toBeGreaterThan(3000);
  });

  it('queues a delivery that waited longer than maxWaitMs instead of attempting it late', async () => {
    const h = harness();
    h.inline.add(['a', 'b', 'c']);
    h.advance(1001);
    h.finish.get('a')!();
    await h.settle();
    expect(h.started).toEqual(['a', 'b']);
    expect(h.queued).toEqual(['c']);
  });

  it('queues a delivery whose attempt threw, and releases it when queueing fails too', async () => {
    const h = harness({ queue: async () => Promise.reject(new Error('redis down')) });
    h.inline.add(['a']);
    h.finish.get('a')!(new Error('store busy'));
    await h.settle();
    await h.settle();
    expect(h.released).toEqual(['a']);
    expect(h.inline.pending).toBe(0);
  });

  it('on close, releases what has not started and waits for the attempts in flight', async () => {
    const h = harness();
    h.inline.add(['a', 'b', 'c']);
    const closing = h.inline.close(5_000);
    await h.settle();
    expect(h.released).toEqual(['c']);
    let closed = false;
    void closing.then(() => (closed = true));
    h.finish.get('a')!();
    await h.settle();
    expect(closed).toBe(false);
    h.finish.get('b')!();
    expect(await closing).toBe(true);
    // Deliveries added after close go to the queue.
    h.inline.add(['d']);
    await h.settle();
    expect(h.queued).toEqual(['d']);
    expect(h.started).toEqual(['a', 'b']);
  });

  it('gives up waiting at the grace period and says so', async () => {
    const h = harness();
    h.inline.add(['a']);
    expect(await h.inline.close(20)).toBe(false);
  });
});
