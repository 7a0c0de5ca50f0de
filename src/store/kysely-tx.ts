import type { Kysely, Transaction } from 'kysely';
import type { TransactionFingerprints } from './fingerprint-cache.js';
import { StatementTemplates } from './statement-templates.js';
import { newRowId } from './row-id.js';
import type { Database } from './schema.js';
import type { FetchSuccess, NewArticleRow, NewMatch, NewSighting, NewStory, StoreTx, StoryCandidateRecord } from './types.js';

/** Fingerprints of at most this many recent articles per candidate story are compared. */
const CANDIDATE_ARTICLES = 20;
/** Candidate stories per UNION ALL statement: far below SQLite's 500-term compound limit. */
const STORIES_PER_UNION = 100;
const MAX_KEY_TERMS = 40;
const CHUNK = 500;
/** 11 columns a row: far below SQLite's bound-parameter limit. */
const ARTICLE_ROWS_PER_INSERT = 200;

type Db = Kysely<Database> | Transaction<Database>;

/** The write side of one feed check, over a Kysely transaction. */
export class KyselyStoreTx implements StoreTx {
  constructor(
    private readonly db: Db,
    /** Fingerprints already read or written (fingerprint-cache.ts); none when used outside a transaction. */
    private readonly fingerprints?: TransactionFingerprints,
    /** The store's compiled multi-row inserts; fresh (compiled per call) when used outside a transaction. */
    private readonly templates = new StatementTemplates(),
  ) {}

  async findArticlesByUrlKeys(urlKeys: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (let i = 0; i < urlKeys.length; i += CHUNK) {
      const chunk = urlKeys.slice(i, i + CHUNK);
      const rows = await this.templates.one(this.db, 'urlKeys', { keys: chunk }, (v) =>
        this.db
          .selectFrom('articles')
          .select(['url_key', (eb) => eb.fn.min<number>('id').as('id')])
          .where('url_key', 'in', v.keys)
          .groupBy('url_key'),
      );
      for (const r of rows) if (r.url_key !== null) found.set(r.url_key, Number(r.id));
    }
    return found;
  }

  async insertArticles(feedId: string, rows: readonly NewArticleRow[], now: Date): Promise<number[]> {
    const idByKey = new Map<string, number>();
    for (let i = 0; i < rows.length; i += ARTICLE_ROWS_PER_INSERT) {
      const values = rows.slice(i, i + ARTICLE_ROWS_PER_INSERT).map(({ article, urlKey, fingerprint }) => ({
        feed_id: feedId,
        item_key: article.key,
        url: article.url,
        title: article.title,
        // Bodies of unmatched articles are most of the bytes written and nothing reads them.
        summary: fingerprint === null ? '' : article.summary,
        content: fingerprint === null ? '' : article.content,
        source: article.source,
        published_at: article.published?.getTime() ?? null,
        first_seen_at: now.getTime(),
        url_key: urlKey,
        duplicate_of: null,
      }));
      // RETURNING order is not guaranteed: map back through the item key (unique within one feed's batch).
      const inserted = await this.templates.execute(this.db, 'articles', values, (v) => this.db.insertInto('articles').values(v).returning(['id', 'item_key']));
      for (const r of inserted) idByKey.set(r.item_key, r.id);
    }
    const ids = rows.map((r) => idByKey.get(r.article.key)!);
    const fingerprints = rows.flatMap((r, i) => (r.fingerprint === null ? [] : [{ article_id: ids[i]!, fingerprint: r.fingerprint }]));
    for (let i = 0; i < fingerprints.length; i += CHUNK) {
      await this.db.insertInto('article_fingerprints').values(fingerprints.slice(i, i + CHUNK)).execute();
    }
    for (const f of fingerprints) this.fingerprints?.remember(f.article_id, f.fingerprint);
    return ids;
  }

  async addSightings(feedId: string, rows: readonly NewSighting[], now: Date): Promise<Set<string>> {
    const added = new Set<string>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = rows.slice(i, i + CHUNK).map((r) => ({ article_id: r.articleId, feed_id: feedId, item_key: r.itemKey, url: r.url, seen_at: now.getTime() }));
      const inserted = await this.templates.execute(this.db, 'sightings', values, (v) =>
        this.db
          .insertInto('article_sightings')
          .values(v)
          .onConflict((oc) => oc.columns(['feed_id', 'item_key']).doNothing())
          .returning('item_key'),
      );
      for (const r of inserted) added.add(r.item_key);
    }
    return added;
  }

  async recordFetchSuccess(feedId: string, result: FetchSuccess, now: Date): Promise<void> {
    const values = {
      // A 304 may omit validators; keep the ones we sent rather than forgetting them.
      ...(result.etag !== null ? { etag: result.etag } : {}),
      ...(result.lastModified !== null ? { last_modified: result.lastModified } : {}),
      ...(result.title !== null ? { title: result.title } : {}),
      last_status: result.status,
      last_http_status: result.httpStatus,
      last_error: null,
      ...(result.warning !== undefined ? { warning: result.warning } : {}),
      ...(result.hintIntervalMs !== undefined ? { hint_interval_ms: result.hintIntervalMs } : {}),
      consecutive_failures: 0,
      last_checked_at: now.getTime(),
      next_check_at: result.nextCheckAt.getTime(),
    };
    // The columns set vary (a 304 may carry no validators): one template per set of columns.
    await this.templates.one(this.db, `fetchSuccess:${Object.keys(values).join(',')}`, { ...values, feed_id: feedId }, ({ feed_id, ...set }) =>
      this.db.updateTable('feeds').set(set).where('id', '=', feed_id),
    );
  }

  async markDuplicate(articleId: number, ofArticleId: number): Promise<void> {
    await this.db.updateTable('articles').set({ duplicate_of: ofArticleId }).where('id', '=', articleId).execute();
  }

  async storyCandidates(topicId: string, query: { bands: string[]; primaryCode: string | null; since: Date; until?: Date }): Promise<StoryCandidateRecord[]> {
    const { bands, primaryCode } = query;
    if (bands.length === 0 && !primaryCode) return [];
    const since = query.since.getTime();
    const until = query.until?.getTime() ?? Number.MAX_SAFE_INTEGER;
    // Each branch binds its own copy of the window: a template takes every value once.
    const values = {
      ...(bands.length > 0 ? { bandSince: since, bandUntil: until, bandTopic: topicId, bands } : {}),
      ...(primaryCode ? { entitySince: since, entityUntil: until, entityTopic: topicId, entityCode: primaryCode } : {}),
    } as Record<string, string | number | string[]>;
    const stories = await this.templates.one(this.db, `candidates:${bands.length > 0 ? 'bands' : ''}:${primaryCode ? 'entity' : ''}`, values, (v) => {
      const inWindow = (prefix: 'band' | 'entity') =>
        this.db
          .selectFrom('stories')
          .selectAll()
          .where('last_seen_at', '>=', v[`${prefix}Since`] as number)
          .where('first_seen_at', '<=', v[`${prefix}Until`] as number);
      // One statement for both ways in: stories sharing a band and the entity's stories. The band branch leaves the
      // topic to story_bands (story ids are unique across topics): with topic_id here, SQLite scans the topic's
      // recent stories through (topic_id, last_seen_at) instead of fetching the few band hits by primary key.
      const byBand =
        bands.length > 0
          ? inWindow('band').where('id', 'in', (eb) =>
              eb
                .selectFrom('story_bands')
                .select('story_id')
                .where('topic_id', '=', v.bandTopic as string)
                .where('band', 'in', v.bands as string[]),
            )
          : null;
      const byEntity = primaryCode ? inWindow('entity').where('topic_id', '=', v.entityTopic as string).where('primary_code', '=', v.entityCode as string) : null;
      return byBand && byEntity ? byBand.union(byEntity) : (byBand ?? byEntity)!;
    });
    if (stories.length === 0) return [];
    // Each candidate's newest few articles, read backwards along the covering (story_id, created_at, article_id)
    // index: 20 index entries a story however long it runs (a window function over the story read all of them).
    // One statement for all candidates; their fingerprints come from the cache when it has them.
    const ranked = await this.newestArticles(stories.map((s) => s.id));
    const fingerprintOf = await this.fingerprintsOf(ranked.map((r) => r.articleId));
    const articlesByStory = new Map<string, { articleId: number; fingerprint: string | null }[]>();
    for (const r of ranked) {
      const list = articlesByStory.get(r.storyId) ?? [];
      list.push({ articleId: r.articleId, fingerprint: fingerprintOf.get(r.articleId) ?? null });
      articlesByStory.set(r.storyId, list);
    }
    return stories.map((s) => ({
      id: s.id,
      primaryCode: s.primary_code,
      firstSeen: new Date(Number(s.first_seen_at)),
      lastSeen: new Date(Number(s.last_seen_at)),
      lastAlertAt: s.last_alert_at === null ? null : new Date(Number(s.last_alert_at)),
      lastUpdateAt: s.last_update_at === null ? null : new Date(Number(s.last_update_at)),
      keyTerms: JSON.parse(s.key_terms) as string[],
      sources: JSON.parse(s.sources) as string[],
      articles: articlesByStory.get(s.id) ?? [],
    }));
  }

  /** The newest `CANDIDATE_ARTICLES` articles of each story, grouped by story, newest first. */
  private async newestArticles(storyIds: readonly string[]): Promise<{ storyId: string; articleId: number }[]> {
    const rows: { storyId: string; articleId: number; createdAt: number }[] = [];
    for (let i = 0; i < storyIds.length; i += STORIES_PER_UNION) {
      const ids = storyIds.slice(i, i + STORIES_PER_UNION);
      const found = await this.templates.one(this.db, 'newest', { ids }, (v) => {
        const newest = v.ids.map((id) =>
          this.db
            .selectFrom((db) =>
              db
                .selectFrom('matches')
                .select(['story_id as storyId', 'article_id as articleId', 'created_at as createdAt'])
                .where('story_id', '=', id)
                .orderBy('created_at', 'desc')
                .limit(CANDIDATE_ARTICLES)
                .as('newest'),
            )
            .selectAll(),
        );
        return newest.slice(1).reduce((union, next) => union.unionAll(next), newest[0]!);
      });
      for (const r of found) rows.push({ storyId: r.storyId!, articleId: r.articleId, createdAt: Number(r.createdAt) });
    }
    return rows
      .sort((a, b) => (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : b.createdAt - a.createdAt))
      .map(({ storyId, articleId }) => ({ storyId, articleId }));
  }

  private async fingerprintsOf(articleIds: readonly number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const missing: number[] = [];
    for (const id of articleIds) {
      const cached = this.fingerprints?.get(id);
      if (cached === undefined) missing.push(id);
      else found.set(id, cached);
    }
    for (let i = 0; i < missing.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('article_fingerprints')
        .select(['article_id', 'fingerprint'])
        .where('article_id', 'in', missing.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) {
        found.set(r.article_id, r.fingerprint);
        this.fingerprints?.remember(r.article_id, r.fingerprint);
      }
    }
    return found;
  }

  async createStory(story: NewStory, seenAt: Date): Promise<string> {
    const id = newRowId();
    const row = {
      id,
      topic_id: story.topicId,
      topic_name: story.topicName,
      headline: story.headline,
      primary_code: story.primaryCode,
      primary_name: story.primaryName,
      key_terms: JSON.stringify(story.keyTerms.slice(0, MAX_KEY_TERMS)),
      entities: JSON.stringify(story.entities),
      sources: JSON.stringify([story.source]),
      article_count: 1,
      first_seen_at: seenAt.getTime(),
      last_seen_at: seenAt.getTime(),
      last_alert_at: story.alertedAt?.getTime() ?? null,
      last_update_at: null,
    };
    await this.templates.one(this.db, 'createStory', row, (v) => this.db.insertInto('stories').values(v));
    await this.insertBands(story.topicId, id, story.bands);
    return id;
  }

  async addToStory(storyId: string, update: { sources: string[]; keyTerms: string[]; bands: string[]; topicId: string }, seenAt: Date): Promise<void> {
    const values = {
      sources: JSON.stringify(update.sources),
      keyTerms: JSON.stringify(update.keyTerms.slice(0, MAX_KEY_TERMS)),
      firstSeen: seenAt.getTime(),
      lastSeen: seenAt.getTime(),
      storyId,
    };
    await this.templates.one(this.db, 'addToStory', values, (v) =>
      this.db
        .updateTable('stories')
        .set((eb) => ({
          sources: v.sources,
          key_terms: v.keyTerms,
          article_count: eb('article_count', '+', 1),
          first_seen_at: eb.fn('min', ['first_seen_at', eb.val(v.firstSeen)]),
          last_seen_at: eb.fn('max', ['last_seen_at', eb.val(v.lastSeen)]),
        }))
        .where('id', '=', v.storyId),
    );
    await this.insertBands(update.topicId, storyId, update.bands);
  }

  private async insertBands(topicId: string, storyId: string, bands: string[]): Promise<void> {
    if (bands.length === 0) return;
    const values = bands.map((band) => ({ topic_id: topicId, band, story_id: storyId }));
    await this.templates.execute(this.db, 'bands', values, (v) => this.db.insertInto('story_bands').values(v).onConflict((oc) => oc.doNothing()));
  }

  async setStoryAlertedAt(storyId: string, kind: 'first' | 'update', now: Date): Promise<void> {
    const column = kind === 'first' ? 'last_alert_at' : 'last_update_at';
    await this.templates.one(this.db, `storyAlerted:${column}`, { at: now.getTime(), storyId }, (v) =>
      this.db.updateTable('stories').set({ [column]: v.at }).where('id', '=', v.storyId),
    );
  }

  async knownPrimaryEntities(topicId: string, codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.db.selectFrom('topic_entities').select('code').where('topic_id', '=', topicId).where('code', 'in', [...codes]).execute();
    return new Set(rows.map((r) => r.code));
  }

  async recordPrimaryEntity(topicId: string, code: string, storyId: string, now: Date): Promise<void> {
    await this.db
      .insertInto('topic_entities')
      .values({ topic_id: topicId, code, story_id: storyId, first_seen_at: now.getTime() })
      .onConflict((oc) => oc.columns(['topic_id', 'code']).doNothing())
      .execute();
  }

  async insertMatch(match: NewMatch, now: Date): Promise<string | undefined> {
    const id = newRowId();
    const values = {
      id,
      topic_id: match.topicId,
      topic_name: match.topicName,
      article_id: match.articleId,
      story_id: match.storyId,
      score: match.score,
      matched_terms: JSON.stringify(match.matchedTerms),
      snippet: match.snippet,
      entities: JSON.stringify(match.entities),
      alerted: match.alerted ? 1 : 0,
      created_at: now.getTime(),
    };
    const [row] = await this.templates.one(this.db, 'insertMatch', values, (v) =>
      this.db
        .insertInto('matches')
        .values(v)
        .onConflict((oc) => oc.columns(['topic_id', 'article_id']).doNothing())
        .returning('id'),
    );
    return row?.id;
  }

  async storyThreadIds(storyId: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['id', 'notifier_id'])
      .where('story_id', '=', storyId)
      .where('is_update', '=', 0)
      .orderBy('created_at')
      .execute();
    const threads = new Map<string, string>();
    for (const r of rows) if (!threads.has(r.notifier_id)) threads.set(r.notifier_id, r.id);
    return threads;
  }

  async insertDeliveries(input: Parameters<StoreTx['insertDeliveries']>[0], now: Date): Promise<string[]> {
    const ids: string[] = [];
    for (const notifierId of new Set(input.notifierIds)) {
      const id = newRowId();
      const held = input.held?.has(notifierId) ?? false;
      const values = {
        id,
        match_id: input.matchId,
        notifier_id: notifierId,
        status: held ? 'held' : 'pending',
        attempts: 0,
        created_at: now.getTime(),
        updated_at: now.getTime(),
        story_id: input.storyId,
        is_update: input.isUpdate ? 1 : 0,
        thread_id: input.threadIds?.get(notifierId) ?? null,
        digest_id: null,
        lease_until: held ? null : (input.leaseUntil?.getTime() ?? null),
      };
      await this.templates.one(this.db, 'insertDelivery', values, (v) => this.db.insertInto('deliveries').values(v));
      if (!held) ids.push(id);
    }
    return ids;
  }
}
