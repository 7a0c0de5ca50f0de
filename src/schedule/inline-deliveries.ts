import type { Logger } from 'pino';
import { toError } from '../errors.js';

/** Taken entries the waiting queue keeps before dropping them, when they are at least half of it. */
const COMPACT_AFTER = 1024;

export interface InlineDeliveriesOptions {
  /** Attempts in flight at once. */
  concurrency: number;
  /** A delivery that waited longer than this for a free slot goes to the queue instead (its lease must outlast wait + send). */
  maxWaitMs: number;
  /** One first attempt; what it cannot finish (a retry, a rate limit's wait) it queues itself. */
  attempt(deliveryId: string): Promise<void>;
  /** Queues deliveries as jobs: those that waited too long, and those whose attempt threw. */
  queue(deliveryIds: string[]): Promise<void>;
  /** Ends the leases of deliveries that were neither attempted nor queued, so the next reconcile queues them. */
  release(deliveryIds: string[]): Promise<void>;
  logger: Logger;
  now?: () => number;
}

/**
 * First attempts of new deliveries, made by the process that stored them instead of through a queued job each: a
 * cold poll at 10,000 topics stores 17,000 alerts, and a BullMQ job per alert (its hash, two Lua scripts) cost the
 * event loop more than the send. The store leases each such delivery to this process, so the tick's reconcile
 * leaves it alone until the lease ends; whatever cannot be attempted here in time goes to the queue as before.
 */
export class InlineDeliveries {
  /** Deliveries waiting for a slot, oldest first, from `head` on: Array#shift copies a long queue on every call. */
  private waiting: { id: string; since: number }[] = [];
  private head = 0;
  private running = 0;
  private closed = false;
  private drained: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly options: InlineDeliveriesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes new deliveries; after `close`, they go to the queue. */
  add(deliveryIds: readonly string[]): void {
    if (deliveryIds.length === 0) return;
    if (this.closed) {
      void this.toQueue([...deliveryIds]);
      return;
    }
    const since = this.now();
    for (const id of deliveryIds) this.waiting.push({ id, since });
    this.pump();
  }

  /** Deliveries taken and not yet done. */
  get pending(): number {
    return this.running + this.waitingCount;
  }

  /**
   * Stops taking deliveries: those still waiting are released to the reconcile (no Redis needed), and the attempts
   * in flight get up to `graceMs` to finish. True when they all did.
   */
  async close(graceMs: number): Promise<boolean> {
    this.closed = true;
    const unstarted = this.waiting.slice(this.head).map((w) => w.id);
    this.waiting = [];
    this.head = 0;
    if (unstarted.length > 0) await this.release(unstarted);
    if (this.running === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve) => this.drained.push(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    return finished;
  }

  private pump(): void {
    const late: string[] = [];
    while (this.running < this.options.concurrency && this.waitingCount > 0) {
      const next = this.waiting[this.head++]!;
      if (this.now() - next.since > this.options.maxWaitMs) {
        late.push(next.id);
        continue;
      }
      this.running++;
      void this.run(next.id);
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    if (late.length > 0) void this.toQueue(late);
    if (this.running === 0 && this.waitingCount === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  private get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  private async run(deliveryId: string): Promise<void> {
    try {
      await this.options.attempt(deliveryId);
    } catch (err) {
      this.options.logger.warn({ deliveryId, err: toError(err).message }, 'inline delivery attempt threw; queueing it');
      await this.toQueue([deliveryId]);
    } finally {
      this.running--;
      this.pump();
    }
  }

  /** Queues the deliveries; when that fails too (Redis down), releases them to the reconcile. */
  private async toQueue(deliveryIds: string[]): Promise<void> {
    try {
      await this.options.queue(deliveryIds);
    } catch (err) {
      this.options.logger.warn({ deliveries: deliveryIds.length, err: toError(err).message }, 'could not queue deliveries; the reconcile will');
      await this.release(deliveryIds);
    }
  }

  /** Best effort: a lease that stays simply runs out, and the reconcile takes the delivery then. */
  private async release(deliveryIds: string[]): Promise<void> {
    try {
      await this.options.release(deliveryIds);
    } catch (err) {
      this.options.logger.warn({ deliveries: deliveryIds.length, err: toError(err).message }, 'could not release delivery leases; they run out on their own');
    }
  }
}
