import type { FetchSuccess, Store } from '../store/index.js';

/**
 * The state updates of unchanged feeds (304), held to be committed together: one transaction for a fetch job's
 * whole group instead of one commit each, which is most of what a 304 costs the store. Losing them in a crash
 * loses nothing but the feeds' next check times; they are then simply checked again.
 */
export class NotModifiedWrites {
  private pending: { feedId: string; result: FetchSuccess; now: Date }[] = [];

  add(feedId: string, result: FetchSuccess, now: Date): void {
    this.pending.push({ feedId, result, now });
  }

  /** Commits what is held; on a store failure throws and keeps it, so a later flush can try again. */
  async flush(store: Store): Promise<void> {
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    try {
      await store.transaction(async (tx) => {
        for (const { feedId, result, now } of writes) await tx.recordFetchSuccess(feedId, result, now);
      });
    } catch (err) {
      this.pending = [...writes, ...this.pending];
      throw err;
    }
  }
}
