import type { NotifierPolicy, TopicConfig } from '../config/types.js';
import type { EntityMention, EntityTracker } from '../match/entities/index.js';
import { urlIdentityKey } from '../parse/index.js';
import type { StoreTx, StoryCandidateRecord } from '../store/index.js';
import { chooseStory, deserializeFingerprint, isSameArticle, mergeKeyTerms, type StoryCandidate, type StoryFingerprint } from '../stories/index.js';
import type { AlertEntity, Article } from '../types.js';
import type { ArticleAnalysis } from './article-analysis.js';

export interface RecordDeps {
  topics: ReadonlyMap<string, TopicConfig>;
  /** One tracker per topic that declares `entities`. */
  entityTrackers: ReadonlyMap<string, EntityTracker>;
  /** Notifiers with a digest hold their alerts for it. */
  notifierPolicies: Readonly<Record<string, NotifierPolicy>>;
  backfillMs: number;
  /** Set when the caller sends new deliveries itself: they are leased to it for this long (see `insertDeliveries`). */
  deliveryLeaseMs?: number;
}

export interface RecordResult {
  newArticles: number;
  /** Articles already stored from another feed or URL form: recorded as sightings, not matched again. */
  copies: number;
  newMatches: number;
  newStories: number;
  deliveryIds: string[];
}

/**
 * Records one feed's unseen articles in one transaction and decides what to alert. Rules, in order:
 * - an article whose canonical URL is already stored (from any feed) is the same article: one more sighting;
 * - each topic match joins a story of that topic (near-duplicate text, or same event: same primary entity and key
 *   terms within the topic's window) or opens a new one; a near-identical copy of an article already in the story
 *   (wire copy under another URL) is marked a duplicate and not matched again;
 * - `alert: story` sends one alert when a story is first matched (and, with `updates`, a follow-up threaded to it
 *   when a new source joins, at most once per `update_every`); `alert: article` alerts every matched article;
 * - backlog articles (older than `backfill`) are stored and grouped but never alerted.
 */
export async function recordArticles(
  tx: StoreTx,
  deps: RecordDeps,
  feedId: string,
  /** Each article with its analysis (article-analysis.ts), made before the transaction began. */
  articles: readonly { article: Article; analysis: ArticleAnalysis }[],
  now: Date,
): Promise<RecordResult> {
  const result: RecordResult = { newArticles: 0, copies: 0, newMatches: 0, newStories: 0, deliveryIds: [] };
  // One lookup, one insert and one sightings insert for the whole feed, instead of three statements per item.
  const urlKeys = articles.map(({ article }) => (article.url ? urlIdentityKey(article.url) : null));
  const stored = await tx.findArticlesByUrlKeys([...new Set(urlKeys.filter((k) => k !== null))]);
  const fresh: { article: Article; urlKey: string | null; analysis: ArticleAnalysis }[] = [];
  // Copies of an article stored before (from any feed) or listed earlier in this same feed: sightings only.
  const copies: { article: Article; urlKey: string }[] = [];
  const firstInFeed = new Set<string>();
  articles.forEach(({ article, analysis }, i) => {
    const urlKey = urlKeys[i]!;
    if (urlKey !== null && (stored.has(urlKey) || firstInFeed.has(urlKey))) {
      copies.push({ article, urlKey });
      return;
    }
    if (urlKey !== null) firstInFeed.add(urlKey);
    fresh.push({ article, urlKey, analysis });
  });
  const ids = await tx.insertArticles(
    feedId,
    fresh.map((f) => ({ article: f.article, urlKey: f.urlKey, fingerprint: f.analysis.fingerprint?.serialized ?? null })),
    now,
  );
  const idByUrlKey = new Map(stored);
  fresh.forEach((f, i) => f.urlKey !== null && !idByUrlKey.has(f.urlKey) && idByUrlKey.set(f.urlKey, ids[i]!));
  const added = await tx.addSightings(
    feedId,
    [
      ...fresh.map((f, i) => ({ articleId: ids[i]!, itemKey: f.article.key, url: f.article.url })),
      ...copies.map((c) => ({ articleId: idByUrlKey.get(c.urlKey)!, itemKey: c.article.key, url: c.article.url })),
    ],
    now,
  );
  result.newArticles = fresh.length;
  result.copies = copies.filter((c) => added.has(c.article.key)).length;
  for (const [i, { article, analysis }] of fresh.entries()) {
    const fingerprint = analysis.fingerprint?.value;
    for (const match of analysis.matches) {
      const topic = deps.topics.get(match.topicId);
      if (!topic || !fingerprint) continue;
      await recordMatch(tx, deps, { article, articleId: ids[i]!, fingerprint, match, topic }, now, result);
    }
  }
  return result;
}

interface MatchContext {
  article: Article;
  articleId: number;
  fingerprint: StoryFingerprint;
  match: ArticleAnalysis['matches'][number];
  topic: TopicConfig;
}

async function recordMatch(tx: StoreTx, deps: RecordDeps, ctx: MatchContext, now: Date, result: RecordResult): Promise<void> {
  const { article, articleId, fingerprint, match, topic } = ctx;
  const mentions = deps.entityTrackers.get(topic.id)?.find(article) ?? [];
  const primary = mentions.find((m) => m.primary) ?? null;
  const published = article.published && article.published < now ? article.published : now;

  const records = await tx.storyCandidates(topic.id, {
    bands: fingerprint.bands,
    primaryCode: primary?.code ?? null,
    since: new Date(published.getTime() - topic.storyWindowMs),
    until: new Date(published.getTime() + topic.storyWindowMs),
  });
  // Each stored fingerprint is decoded once: for choosing the story and for the copy check.
  const storedFingerprints = records.map((r) => r.articles.map((a) => ({ articleId: a.articleId, fingerprint: a.fingerprint ? deserializeFingerprint(a.fingerprint) : null })));
  const candidates = records.map((r, i) => toStoryCandidate(r, storedFingerprints[i]!));
  const choice = chooseStory({ fingerprint, primaryEntity: primary?.code ?? null, published }, candidates, { windowMs: topic.storyWindowMs });
  const joinedIndex = choice ? records.findIndex((r) => r.id === choice.storyId) : -1;
  const joined = joinedIndex >= 0 ? records[joinedIndex] : undefined;

  if (joined) {
    const copyOf = storedFingerprints[joinedIndex]!.find((a) => a.fingerprint !== null && isSameArticle(fingerprint, a.fingerprint));
    if (copyOf) {
      await tx.markDuplicate(articleId, copyOf.articleId);
      result.copies++;
      return;
    }
  }

  const seen = await tx.knownPrimaryEntities(topic.id, mentions.map((m) => m.code));
  const entities = alertEntities(mentions, seen);
  const fresh = now.getTime() - published.getTime() <= deps.backfillMs;
  const plan = fresh ? alertPlan(topic, joined, article.source, now) : 'none';
  // A story that opens with its first alert records it in its own row, not in a second statement. Its match insert
  // below cannot be refused: the article is new in this transaction, and a topic matches an article once.
  const alertedAsItOpens = topic.alert === 'story' && plan === 'first' && !joined;
  let storyId: string;
  if (joined) {
    storyId = joined.id;
    const sources = joined.sources.includes(article.source) ? joined.sources : [...joined.sources, article.source];
    await tx.addToStory(storyId, { topicId: topic.id, sources, keyTerms: mergeKeyTerms(joined.keyTerms, fingerprint.keyTerms), bands: fingerprint.bands }, published);
  } else {
    storyId = await tx.createStory(
      {
        topicId: topic.id,
        topicName: topic.name,
        headline: article.title,
        primaryCode: primary?.code ?? null,
        primaryName: primary?.name ?? null,
        keyTerms: fingerprint.keyTerms,
        entities,
        source: article.source,
        bands: fingerprint.bands,
        ...(alertedAsItOpens ? { alertedAt: now } : {}),
      },
      published,
    );
    result.newStories++;
    if (primary) await tx.recordPrimaryEntity(topic.id, primary.code, storyId, now);
  }

  const matchId = await tx.insertMatch(
    { topicId: topic.id, topicName: topic.name, articleId, storyId, score: match.score, matchedTerms: match.matchedTerms, snippet: match.snippet, entities, alerted: plan !== 'none' },
    now,
  );
  if (!matchId) return;
  result.newMatches++;
  if (plan === 'none') return;
  const threadIds = plan === 'update' ? await tx.storyThreadIds(storyId) : undefined;
  // `priority: instant` lets a story about a new entity skip the digest.
  const urgent = topic.priority === 'instant' && entities.some((e) => e.primary && e.new);
  const held = new Set(urgent ? [] : topic.notify.filter((id) => deps.notifierPolicies[id]?.digest));
  const lease = deps.deliveryLeaseMs === undefined ? {} : { leaseUntil: new Date(now.getTime() + deps.deliveryLeaseMs) };
  const ids = await tx.insertDeliveries({ matchId, storyId, notifierIds: topic.notify, isUpdate: plan === 'update', held, ...(threadIds ? { threadIds } : {}), ...lease }, now);
  if (topic.alert === 'story' && !alertedAsItOpens) await tx.setStoryAlertedAt(storyId, plan, now);
  result.deliveryIds.push(...ids);
}

/** What one fresh match sends under its topic's alert policy. */
function alertPlan(topic: TopicConfig, joined: StoryCandidateRecord | undefined, source: string, now: Date): 'first' | 'update' | 'none' {
  if (topic.alert === 'article') return 'first';
  // A story opened by backlog articles alone was never alerted: its first fresh article alerts it.
  if (!joined || joined.lastAlertAt === null) return 'first';
  if (!topic.updates || joined.sources.includes(source)) return 'none';
  // The first follow-up goes at once; later ones at most once per update_every (each lists every source by then).
  return !joined.lastUpdateAt || now.getTime() - joined.lastUpdateAt.getTime() >= topic.updateEveryMs ? 'update' : 'none';
}

/** Entities as alerts carry them: new ones first, then the primary, then by salience. */
function alertEntities(mentions: readonly EntityMention[], seenAsPrimary: ReadonlySet<string>): AlertEntity[] {
  const entities = mentions.map((m) => ({ code: m.code, name: m.name, primary: m.primary, new: !m.known && !seenAsPrimary.has(m.code) }));
  const rank = (e: AlertEntity) => (e.new && e.primary ? 0 : e.primary ? 1 : e.new ? 2 : 3);
  return entities.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map(({ e }) => e);
}

function toStoryCandidate(record: StoryCandidateRecord, stored: readonly { fingerprint: StoryFingerprint | null }[]): StoryCandidate {
  return {
    id: record.id,
    primaryEntity: record.primaryCode,
    firstSeen: record.firstSeen,
    lastSeen: record.lastSeen,
    keyTerms: record.keyTerms,
    fingerprints: stored.flatMap((a) => a.fingerprint ?? []),
  };
}
