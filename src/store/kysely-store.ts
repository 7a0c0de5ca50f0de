import { randomUUID } from 'node:crypto';
import { Migrator, type Kysely, type Selectable } from 'kysely';
import { NewswatchError } from '../errors.js';
import type { FeedConfig } from '../config/types.js';
import { migrationProvider } from './migrations.js';
import type { ArticlesTable, Database, FeedsTable, MatchesTable } from './schema.js';
import type {
  DeliveryStatus,
  DeliveryView,
  FeedState,
  FetchFailure,
  FetchSuccess,
  MatchView,
  NewArticleRecord,
  SaveResult,
  Store,
} from './types.js';

/** Runs pending migrations; throws STORE_FAILED naming the migration that failed. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new NewswatchError('STORE_FAILED', `store migration ${failed} failed`, { cause: error });
  }
}

const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(Number(ms)));

function feedState(row: Selectable<FeedsTable>, itemCount: number): FeedState {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    enabled: Boolean(row.enabled),
    etag: row.etag,
    lastModified: row.last_modified,
    nextCheckAt: new Date(Number(row.next_check_at)),
    lastCheckedAt: toDate(row.last_checked_at),
    lastStatus: row.last_status as FeedState['lastStatus'],
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    consecutiveFailures: row.consecutive_failures,
    itemCount,
  };
}

type MatchRow = Selectable<MatchesTable> & {
  a_id: number;
  a_feed_id: string;
  a_url: string | null;
  a_title: string;
  a_source: string;
  a_summary: string;
  a_published_at: number | null;
};

function matchView(row: MatchRow): MatchView {
  return {
    matchId: row.id,
    topicId: row.topic_id,
    topicName: row.topic_name,
    score: row.score,
    matchedTerms: JSON.parse(row.matched_terms) as string[],
    snippet: row.snippet,
    alerted: Boolean(row.alerted),
    createdAt: new Date(Number(row.created_at)),
    article: {
      id: row.a_id,
      feedId: row.a_feed_id,
      url: row.a_url,
      title: row.a_title,
      source: row.a_source,
      summary: row.a_summary,
      published: toDate(row.a_published_at),
    },
  };
}

/**
 * The Store over any Kysely dialect. Dialect-specific setup (pragmas, pools) stays in the factory that builds
 * the Kysely instance; this file holds only portable SQL.
 */
export class KyselyStore implements Store {
  constructor(
    readonly kind: string,
    private readonly db: Kysely<Database>,
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async syncFeeds(feeds: readonly FeedConfig[], now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const existing = new Map((await trx.selectFrom('feeds').select(['id', 'url', 'enabled']).execute()).map((r) => [r.id, r]));
      for (const feed of feeds) {
        const row = existing.get(feed.id);
        if (!row) {
          await trx
            .insertInto('feeds')
            .values({ id: feed.id, url: feed.url, enabled: feed.enabled ? 1 : 0, next_check_at: now.getTime(), consecutive_failures: 0, created_at: now.getTime() })
            .execute();
          continue;
        }
        if (row.url !== feed.url) {
          // A new URL is a new resource: its validators and failure history do not carry over.
          await trx
            .updateTable('feeds')
            .set({ url: feed.url, etag: null, last_modified: null, consecutive_failures: 0, next_check_at: now.getTime() })
            .where('id', '=', feed.id)
            .execute();
        }
        if (Boolean(row.enabled) !== feed.enabled) {
          await trx.updateTable('feeds').set({ enabled: feed.enabled ? 1 : 0 }).where('id', '=', feed.id).execute();
        }
      }
      const configured = new Set(feeds.map((f) => f.id));
      const removed = [...existing.keys()].filter((id) => !configured.has(id));
      if (removed.length > 0) await trx.updateTable('feeds').set({ enabled: 0 }).where('id', 'in', removed).execute();
    });
  }

  async listFeeds(): Promise<FeedState[]> {
    const rows = await this.db.selectFrom('feeds').selectAll().orderBy('id').execute();
    const counts = await this.itemCounts();
    return rows.map((r) => feedState(r, counts.get(r.id) ?? 0));
  }

  async getFeed(id: string): Promise<FeedState | undefined> {
    const row = await this.db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const count = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('feed_id', '=', id)
      .executeTakeFirstOrThrow();
    return feedState(row, Number(count.n));
  }

  private async itemCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('articles')
      .select(['feed_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('feed_id')
      .execute();
    return new Map(rows.map((r) => [r.feed_id, Number(r.n)]));
  }

  async dueFeedIds(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('feeds')
      .select('id')
      .where('enabled', '=', 1)
      .where('next_check_at', '<=', now.getTime())
      .orderBy('next_check_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async recordFetchSuccess(feedId: string, result: FetchSuccess, now: Date): Promise<void> {
    await this.db
      .updateTable('feeds')
      .set({
        // A 304 may omit validators; keep the ones we sent rather than forgetting them.
        ...(result.etag !== null ? { etag: result.etag } : {}),
        ...(result.lastModified !== null ? { last_modified: result.lastModified } : {}),
        ...(result.title !== null ? { title: result.title } : {}),
        last_status: result.status,
        last_http_status: result.httpStatus,
        last_error: null,
        consecutive_failures: 0,
        last_checked_at: now.getTime(),
        next_check_at: result.nextCheckAt.getTime(),
      })
      .where('id', '=', feedId)
      .execute();
  }

  async recordFetchFailure(feedId: string, failure: FetchFailure, now: Date): Promise<void> {
    await this.db
      .updateTable('feeds')
      .set((eb) => ({
        last_status: 'error',
        last_http_status: failure.httpStatus,
        last_error: failure.error,
        consecutive_failures: eb('consecutive_failures', '+', 1),
        last_checked_at: now.getTime(),
        next_check_at: failure.nextCheckAt.getTime(),
      }))
      .where('id', '=', feedId)
      .execute();
  }

  async unseenKeys(feedId: string, keys: readonly string[]): Promise<Set<string>> {
    const unseen = new Set(keys);
    // Chunked so a huge feed stays under SQLite's bound-parameter limit.
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('articles')
        .select('item_key')
        .where('feed_id', '=', feedId)
        .where('item_key', 'in', chunk)
        .execute();
      for (const r of rows) unseen.delete(r.item_key);
    }
    return unseen;
  }

  async saveArticles(feedId: string, records: readonly NewArticleRecord[], now: Date): Promise<SaveResult> {
    return this.db.transaction().execute(async (trx) => {
      const result: SaveResult = { newArticles: 0, newMatches: 0, deliveryIds: [] };
      for (const { article, matches, alert } of records) {
        const values: Omit<ArticlesTable, 'id'> = {
          feed_id: feedId,
          item_key: article.key,
          url: article.url,
          title: article.title,
          summary: article.summary,
          content: article.content,
          source: article.source,
          published_at: article.published?.getTime() ?? null,
          first_seen_at: now.getTime(),
        };
        // At-least-once delivery of the fetch job means the same article can arrive twice: the second is a no-op.
        const inserted = await trx
          .insertInto('articles')
          .values(values)
          .onConflict((oc) => oc.columns(['feed_id', 'item_key']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) continue;
        result.newArticles++;
        for (const m of matches) {
          const matchId = randomUUID();
          const added = await trx
            .insertInto('matches')
            .values({
              id: matchId,
              topic_id: m.topicId,
              topic_name: m.topicName,
              article_id: inserted.id,
              score: m.score,
              matched_terms: JSON.stringify(m.matchedTerms),
              snippet: m.snippet,
              alerted: alert ? 1 : 0,
              created_at: now.getTime(),
            })
            .onConflict((oc) => oc.columns(['topic_id', 'article_id']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!added) continue;
          result.newMatches++;
          if (!alert) continue;
          for (const notifierId of new Set(m.notify)) {
            const id = randomUUID();
            await trx
              .insertInto('deliveries')
              .values({ id, match_id: matchId, notifier_id: notifierId, status: 'pending', attempts: 0, created_at: now.getTime(), updated_at: now.getTime() })
              .execute();
            result.deliveryIds.push(id);
          }
        }
      }
      return result;
    });
  }

  private matchQuery() {
    return this.db
      .selectFrom('matches')
      .innerJoin('articles', 'articles.id', 'matches.article_id')
      .selectAll('matches')
      .select([
        'articles.id as a_id',
        'articles.feed_id as a_feed_id',
        'articles.url as a_url',
        'articles.title as a_title',
        'articles.source as a_source',
        'articles.summary as a_summary',
        'articles.published_at as a_published_at',
      ]);
  }

  async getDelivery(id: string): Promise<DeliveryView | undefined> {
    return (await this.deliveries((q) => q.where('deliveries.id', '=', id), 1))[0];
  }

  private async deliveries(
    filter: (q: ReturnType<KyselyStore['deliveryQuery']>) => ReturnType<KyselyStore['deliveryQuery']>,
    limit: number,
  ): Promise<DeliveryView[]> {
    const rows = await filter(this.deliveryQuery()).orderBy('deliveries.created_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.d_id,
      notifierId: r.d_notifier_id,
      status: r.d_status as DeliveryStatus,
      attempts: r.d_attempts,
      lastError: r.d_last_error,
      createdAt: new Date(Number(r.d_created_at)),
      updatedAt: new Date(Number(r.d_updated_at)),
      deliveredAt: toDate(r.d_delivered_at),
      match: matchView(r),
    }));
  }

  private deliveryQuery() {
    return this.matchQuery()
      .innerJoin('deliveries', 'deliveries.match_id', 'matches.id')
      .select([
        'deliveries.id as d_id',
        'deliveries.notifier_id as d_notifier_id',
        'deliveries.status as d_status',
        'deliveries.attempts as d_attempts',
        'deliveries.last_error as d_last_error',
        'deliveries.created_at as d_created_at',
        'deliveries.updated_at as d_updated_at',
        'deliveries.delivered_at as d_delivered_at',
      ]);
  }

  async markDelivered(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_error: null, updated_at: now.getTime(), delivered_at: now.getTime() }))
      .where('id', '=', id)
      .execute();
  }

  async recordDeliveryFailure(id: string, error: string, final: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set((eb) => ({ status: final ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: error, updated_at: now.getTime() }))
      .where('id', '=', id)
      .where('status', '!=', 'delivered')
      .execute();
  }

  async pendingDeliveryIds(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async listDeliveries(filter: { status?: DeliveryStatus; limit: number }): Promise<DeliveryView[]> {
    const { status } = filter;
    return this.deliveries((q) => (status ? q.where('deliveries.status', '=', status) : q), filter.limit);
  }

  async listMatches(filter: { topicId?: string[]; since?: Date; limit: number }): Promise<MatchView[]> {
    let q = this.matchQuery();
    if (filter.topicId && filter.topicId.length > 0) q = q.where('matches.topic_id', 'in', filter.topicId);
    if (filter.since) q = q.where('matches.created_at', '>=', filter.since.getTime());
    const rows = await q.orderBy('matches.created_at', 'desc').orderBy('articles.published_at', 'desc').limit(filter.limit).execute();
    return rows.map(matchView);
  }
}
