import { Migrator, type Kysely, type Selectable, type Transaction } from 'kysely';
import { NewswatchError } from '../errors.js';
import type { FeedConfig } from '../config/types.js';
import type { AlertEntity } from '../types.js';
import { FingerprintCache } from './fingerprint-cache.js';
import { Coalescer } from './coalescer.js';
import { StatementTemplates } from './statement-templates.js';
import { KyselyStoreTx } from './kysely-tx.js';
import { migrationProvider } from './migrations.js';
import { newRowId } from './row-id.js';
import type { Database, DeliveriesTable } from './schema.js';
import type {
  DeliveryStatus,
  DeliveryView,
  DigestView,
  FeedHealth,
  FeedCheckState,
  FeedState,
  FetchStatus,
  FetchFailure,
  FetchSuccess,
  MatchView,
  Store,
  StoreTx,
  StoryView,
} from './types.js';
import { deliveryView, feedCheckState, feedState, matchView, storyView } from './views.js';

/** Runs pending migrations; throws STORE_FAILED naming the migration that failed. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new NewswatchError('STORE_FAILED', `store migration ${failed} failed`, { cause: error });
  }
}

/** Stories read per IN list (see `readStories`). */
const STORY_READ_CHUNK = 200;

export interface StoreHooks {
  /** Teardown after the connection is closed. */
  afterClose?: () => Promise<void>;
  /** Awaited before each write transaction begins. */
  beforeWrite?: () => Promise<void>;
}

/**
 * The Store over any Kysely dialect. Dialect-specific setup (pragmas, pools) stays in the factory that builds
 * the Kysely instance; this file holds only portable SQL.
 */
export class KyselyStore implements Store {
  constructor(
    readonly kind: string,
    private readonly db: Kysely<Database>,
    /** Dialect-specific hooks (the SQLite checkpointer). */
    private readonly hooks: StoreHooks = {},
  ) {}

  /**
   * About 6 MB at ~1 KB an entry (a serialized fingerprint is ~960 characters, plus the Map's share): the newest
   * articles of a few thousand stories. 20,000 entries held 22 MB at 10k topics; the stories bench's median did
   * not move at 5,000 (2.51 -> 2.41 ms).
   */
  private readonly fingerprintCache = new FingerprintCache(5_000);
  private readonly templates = new StatementTemplates();

  async close(): Promise<void> {
    await this.deliveredMarks.drain();
    await this.db.destroy();
    await this.hooks.afterClose?.();
  }

  private async write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    await this.hooks.beforeWrite?.();
    // The SQLite driver settles every query at once, so transactions queued on its one connection would run back to
    // back in microtasks and starve timers and sockets for hundreds of ms. Each one, once it holds the connection,
    // first lets the event loop take a turn.
    return this.db.connection().execute(async (conn) => {
      await yieldToEventLoop();
      return conn.transaction().execute(work);
    });
  }

  async syncFeeds(feeds: readonly FeedConfig[], now: Date): Promise<void> {
    await this.write(async (trx) => {
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
            .set({ url: feed.url, etag: null, last_modified: null, consecutive_failures: 0, health: 'ok', next_check_at: now.getTime() })
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
      .selectFrom('article_sightings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('feed_id', '=', id)
      .executeTakeFirstOrThrow();
    return feedState(row, Number(count.n));
  }

  async feedCheckStates(ids: readonly string[]): Promise<Map<string, FeedCheckState>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('feeds').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, feedCheckState(r)]));
  }

  private async itemCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('article_sightings')
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
      .where('health', '!=', 'gone')
      .where('next_check_at', '<=', now.getTime())
      .orderBy('next_check_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async recordFetchSuccess(feedId: string, result: FetchSuccess, now: Date): Promise<void> {
    await new KyselyStoreTx(this.db, undefined, this.templates).recordFetchSuccess(feedId, result, now);
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

  async setFeedHealth(feedId: string, health: FeedHealth): Promise<void> {
    await this.db.updateTable('feeds').set({ health }).where('id', '=', feedId).execute();
  }

  async unseenKeys(feedId: string, keys: readonly string[]): Promise<Set<string>> {
    const unseen = new Set(keys);
    // Chunked so a huge feed stays under SQLite's bound-parameter limit.
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = await this.templates.one(this.db, 'unseenKeys', { feedId, keys: chunk }, (v) =>
        this.db
          .selectFrom('article_sightings')
          .select('item_key')
          .where('feed_id', '=', v.feedId)
          .where('item_key', 'in', v.keys),
      );
      for (const r of rows) unseen.delete(r.item_key);
    }
    return unseen;
  }

  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const fingerprints = this.fingerprintCache.forTransaction();
    const result = await this.write((trx) => work(new KyselyStoreTx(trx, fingerprints, this.templates)));
    fingerprints.commit();
    return result;
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
    return this.deliveryReads.submit(id);
  }

  /** Every alert reads its delivery back as it is sent: the reads of one turn share their queries. */
  private readonly deliveryReads = new Coalescer<string, DeliveryView | undefined>(async (ids) => {
    const unique = [...new Set(ids)];
    const rows = await this.templates.one(this.db, 'getDeliveries', { ids: unique }, (v) => this.deliveryRows().where('deliveries.id', 'in', v.ids));
    const views = new Map((await this.deliveryViews(rows)).map((view) => [view.id, view]));
    return ids.map((id) => views.get(id));
  });

  private async deliveries(
    filter: (q: ReturnType<KyselyStore['deliveryRows']>) => ReturnType<KyselyStore['deliveryRows']>,
    limit: number,
  ): Promise<DeliveryView[]> {
    return this.deliveryViews(await filter(this.deliveryRows()).orderBy('deliveries.created_at', 'desc').limit(limit).execute());
  }

  /** Views of these rows, in their order; the stories they belong to are read in one pass. */
  private async deliveryViews(rows: readonly Selectable<DeliveriesTable>[]): Promise<DeliveryView[]> {
    const stories = await this.readStories(rows.flatMap((d) => (d.story_id ? [d.story_id] : [])));
    const views: DeliveryView[] = [];
    for (const d of rows) {
      const story = d.story_id ? stories.get(d.story_id) : undefined;
      // The story's matches include the delivery's own: taken from there, not read a second time.
      const match = story?.matches.find((m) => m.matchId === d.match_id) ?? (await this.getMatch(d.match_id));
      if (match) views.push(deliveryView(d, match, story?.view ?? null));
    }
    return views;
  }

  private deliveryRows() {
    return this.db.selectFrom('deliveries').selectAll();
  }

  private async getMatch(id: string): Promise<MatchView | undefined> {
    const [row] = await this.templates.one(this.db, 'getMatch', { id }, (v) => this.matchQuery().where('matches.id', '=', v.id));
    return row ? matchView(row) : undefined;
  }

  async markDelivered(id: string, now: Date): Promise<void> {
    await this.deliveredMarks.submit({ id, at: now.getTime() });
  }

  /** One transaction for the marks of a turn: as autocommits, 17,000 alerts made 17,000 commits. */
  private readonly deliveredMarks = new Coalescer<{ id: string; at: number }, void>((marks) =>
    this.write(async (trx) => {
      for (const { id, at } of marks) {
        await this.templates.one(trx, 'markDelivered', { updatedAt: at, deliveredAt: at, id }, (v) =>
          trx
            .updateTable('deliveries')
            .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_error: null, updated_at: v.updatedAt, delivered_at: v.deliveredAt }))
            .where('id', '=', v.id),
        );
      }
      return marks.map(() => undefined);
    }),
  );

  async recordDeliveryFailure(id: string, error: string, final: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set((eb) => ({ status: final ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: error, updated_at: now.getTime(), lease_until: null }))
      .where('id', '=', id)
      .where('status', '!=', 'delivered')
      .execute();
  }

  async pendingDeliveryIds(limit: number, now: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now.getTime())]))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async releaseDeliveryLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('deliveries').set({ lease_until: null }).where('id', 'in', [...ids]).execute();
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

  async getStory(id: string): Promise<StoryView | undefined> {
    return (await this.readStory(id))?.view;
  }

  /** A story's view, and its matches (oldest first) that the view's articles come from. */
  private async readStory(id: string): Promise<{ view: StoryView; matches: MatchView[] } | undefined> {
    return (await this.readStories([id])).get(id);
  }

  /** `readStory` for many stories, two queries per chunk of them. */
  private async readStories(ids: readonly string[]): Promise<Map<string, { view: StoryView; matches: MatchView[] }>> {
    const unique = [...new Set(ids)];
    const stories = new Map<string, { view: StoryView; matches: MatchView[] }>();
    // SQLite caps a statement's parameters, and `deliveries --limit` may list thousands.
    for (let i = 0; i < unique.length; i += STORY_READ_CHUNK) await this.readStoryChunk(unique.slice(i, i + STORY_READ_CHUNK), stories);
    return stories;
  }

  private async readStoryChunk(ids: string[], stories: Map<string, { view: StoryView; matches: MatchView[] }>): Promise<void> {
    const rows = await this.templates.one(this.db, 'readStories', { ids }, (v) => this.db.selectFrom('stories').selectAll().where('id', 'in', v.ids));
    if (rows.length === 0) return;
    const matchRows = await this.templates.one(this.db, 'storiesMatches', { ids: rows.map((r) => r.id) }, (v) =>
      this.matchQuery().where('matches.story_id', 'in', v.ids).orderBy('matches.created_at').orderBy('articles.id'),
    );
    const matchesOf = new Map<string, MatchView[]>();
    for (const row of matchRows) {
      const list = matchesOf.get(row.story_id!) ?? [];
      list.push(matchView(row));
      matchesOf.set(row.story_id!, list);
    }
    for (const row of rows) {
      const matches = matchesOf.get(row.id) ?? [];
      const articles = matches.map((m) => ({
        articleId: m.article.id,
        url: m.article.url,
        title: m.article.title,
        source: m.article.source,
        published: m.article.published,
        snippet: m.snippet,
      }));
      stories.set(row.id, { view: storyView(row, articles, JSON.parse(row.entities) as AlertEntity[]), matches });
    }
  }

  async listStories(filter: { topicId?: string[]; since?: Date; limit: number }): Promise<StoryView[]> {
    let q = this.db.selectFrom('stories').select('id');
    if (filter.topicId && filter.topicId.length > 0) q = q.where('topic_id', 'in', filter.topicId);
    if (filter.since) q = q.where('last_seen_at', '>=', filter.since.getTime());
    const rows = await q.orderBy('last_seen_at', 'desc').limit(filter.limit).execute();
    const stories: StoryView[] = [];
    for (const { id } of rows) {
      const story = await this.getStory(id);
      if (story) stories.push(story);
    }
    return stories;
  }

  async createDigest(notifierId: string, period: { start: Date; end: Date }, now: Date): Promise<string | undefined> {
    return this.write(async (trx) => {
      const done = await trx.selectFrom('digests').select('id').where('notifier_id', '=', notifierId).where('period_end', '=', period.end.getTime()).executeTakeFirst();
      if (done) return undefined;
      const held = await trx
        .selectFrom('deliveries')
        .select('id')
        .where('notifier_id', '=', notifierId)
        .where('status', '=', 'held')
        .where('digest_id', 'is', null)
        .where('created_at', '<', period.end.getTime())
        .execute();
      if (held.length === 0) return undefined;
      const id = newRowId();
      await trx
        .insertInto('digests')
        .values({ id, notifier_id: notifierId, period_start: period.start.getTime(), period_end: period.end.getTime(), status: 'pending', attempts: 0, created_at: now.getTime(), updated_at: now.getTime() })
        .execute();
      await trx.updateTable('deliveries').set({ digest_id: id, updated_at: now.getTime() }).where('id', 'in', held.map((h) => h.id)).execute();
      return id;
    });
  }

  async getDigest(id: string): Promise<DigestView | undefined> {
    const row = await this.db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const deliveries = (await this.deliveries((q) => q.where('deliveries.digest_id', '=', id), 10_000)).reverse();
    return {
      id: row.id,
      notifierId: row.notifier_id,
      periodStart: new Date(Number(row.period_start)),
      periodEnd: new Date(Number(row.period_end)),
      status: row.status as DeliveryStatus,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: new Date(Number(row.created_at)),
      deliveries,
    };
  }

  async markDigestDelivered(id: string, now: Date): Promise<void> {
    await this.write(async (trx) => {
      await trx
        .updateTable('digests')
        .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_error: null, updated_at: now.getTime(), delivered_at: now.getTime() }))
        .where('id', '=', id)
        .execute();
      await trx.updateTable('deliveries').set({ status: 'delivered', updated_at: now.getTime(), delivered_at: now.getTime() }).where('digest_id', '=', id).execute();
    });
  }

  async recordDigestFailure(id: string, error: string, final: boolean, now: Date): Promise<void> {
    await this.write(async (trx) => {
      await trx
        .updateTable('digests')
        .set((eb) => ({ status: final ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: error, updated_at: now.getTime() }))
        .where('id', '=', id)
        .where('status', '!=', 'delivered')
        .execute();
      if (final) {
        await trx.updateTable('deliveries').set({ status: 'failed', last_error: error, updated_at: now.getTime() }).where('digest_id', '=', id).execute();
      }
    });
  }

  async pendingDigestIds(limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('digests').select('id').where('status', '=', 'pending').orderBy('created_at').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  async retryFailedDeliveries(ids: readonly string[] | 'all', now: Date): Promise<number> {
    let q = this.db
      .updateTable('deliveries')
      // A delivery that failed inside a digest is retried on its own, not as part of a past digest.
      .set({ status: 'pending', digest_id: null, updated_at: now.getTime() })
      .where('status', '=', 'failed');
    if (ids !== 'all') {
      if (ids.length === 0) return 0;
      q = q.where('id', 'in', [...ids]);
    }
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async notifierDisabled(notifierId: string): Promise<{ at: Date; reason: string } | undefined> {
    return this.notifierStates.submit(notifierId);
  }

  /** Every alert checks its notifier first: the checks of one turn share one query. */
  private readonly notifierStates = new Coalescer<string, { at: Date; reason: string } | undefined>(async (notifierIds) => {
    const rows = await this.templates.one(this.db, 'notifierStates', { ids: [...new Set(notifierIds)] }, (v) =>
      this.db.selectFrom('notifier_state').selectAll().where('notifier_id', 'in', v.ids),
    );
    const disabled = new Map(rows.flatMap((r) => (r.disabled_at ? [[r.notifier_id, { at: new Date(Number(r.disabled_at)), reason: r.disabled_reason ?? '' }] as const] : [])));
    return notifierIds.map((id) => disabled.get(id));
  });

  async disableNotifier(notifierId: string, reason: string, now: Date): Promise<void> {
    await this.db
      .insertInto('notifier_state')
      .values({ notifier_id: notifierId, disabled_at: now.getTime(), disabled_reason: reason })
      .onConflict((oc) => oc.column('notifier_id').doUpdateSet({ disabled_at: now.getTime(), disabled_reason: reason }))
      .execute();
  }

  async enableNotifier(notifierId: string): Promise<void> {
    await this.db.deleteFrom('notifier_state').where('notifier_id', '=', notifierId).execute();
  }

  async feedsCheckedSince(since: Date): Promise<Map<string, FetchStatus>> {
    const rows = await this.db.selectFrom('feeds').select(['id', 'last_status']).where('last_checked_at', '>=', since.getTime()).execute();
    return new Map(rows.map((r) => [r.id, r.last_status as FetchStatus]));
  }

  async countFeedsCheckedSince(since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('feeds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_checked_at', '>=', since.getTime())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countUntriedDeliveries(since: Date): Promise<number> {
    // Only pending rows (few) are read, through deliveries_status; deliveryProgress also counts every delivered one.
    const row = await this.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('updated_at', '<', since.getTime()), eb('attempts', '=', 0)]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async deliveryProgress(since: Date): Promise<{ notYetTried: number; delivered: number; awaitingRetry: number; failed: number }> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select((eb) => [
        'status',
        eb.fn.countAll<number>().as('n'),
        // Pending and not attempted during this run (new, or left over and not yet retried).
        eb.fn.sum<number>(eb.case().when('updated_at', '<', since.getTime()).then(1).when('attempts', '=', 0).then(1).else(0).end()).as('untried'),
      ])
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb('updated_at', '>=', since.getTime())]))
      .groupBy('status')
      .execute();
    const by = new Map(rows.map((r) => [r.status, r]));
    const recent = (status: string) => Number(by.get(status)?.n ?? 0);
    const pending = by.get('pending');
    return {
      notYetTried: Number(pending?.untried ?? 0),
      delivered: recent('delivered'),
      awaitingRetry: recent('pending') - Number(pending?.untried ?? 0),
      failed: recent('failed'),
    };
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
