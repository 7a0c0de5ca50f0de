/**
 * Stored story fingerprints by article id, kept in memory because grouping reads the same few (the newest articles
 * of the stories in the news) again and again, and each read is a random page of a large table. A fingerprint never
 * changes once stored and article ids are never reused (AUTOINCREMENT), so an entry cannot go stale. Entries reach
 * the cache only after their transaction commits: a rolled-back insert hands its id out again.
 */
export class FingerprintCache {
  /** Map order is recency: a hit moves its entry to the end, and the oldest entries are evicted first. */
  private readonly entries = new Map<number, string>();

  constructor(private readonly capacity: number) {}

  get(articleId: number): string | undefined {
    const fingerprint = this.entries.get(articleId);
    if (fingerprint !== undefined) {
      this.entries.delete(articleId);
      this.entries.set(articleId, fingerprint);
    }
    return fingerprint;
  }

  /** Adds what one committed transaction wrote or read. */
  addCommitted(entries: ReadonlyMap<number, string>): void {
    for (const [articleId, fingerprint] of entries) {
      this.entries.delete(articleId);
      this.entries.set(articleId, fingerprint);
    }
    for (const articleId of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(articleId);
    }
  }

  /** The view one transaction uses: committed entries, plus its own, which count only if it commits. */
  forTransaction(): TransactionFingerprints {
    const own = new Map<number, string>();
    return {
      get: (articleId) => own.get(articleId) ?? this.get(articleId),
      remember: (articleId, fingerprint) => void own.set(articleId, fingerprint),
      commit: () => this.addCommitted(own),
    };
  }
}

export interface TransactionFingerprints {
  get(articleId: number): string | undefined;
  remember(articleId: number, fingerprint: string): void;
  /** Call after the transaction committed. */
  commit(): void;
}
