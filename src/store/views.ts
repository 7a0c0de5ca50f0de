import type { Selectable } from 'kysely';
import type { AlertEntity } from '../types.js';
import type { DeliveriesTable, FeedsTable, MatchesTable, StoriesTable } from './schema.js';
import type { DeliveryStatus, DeliveryView, FeedCheckState, FeedState, MatchView, StoryArticleView, StoryView } from './types.js';

/** Row → view mappers: the one place that knows how columns encode values (ms times, JSON text, 0/1). */
export const toDate = (ms: number | null): Date | null => (ms === null ? null : new Date(Number(ms)));

export function feedState(row: Selectable<FeedsTable>, itemCount: number): FeedState {
  return { ...feedCheckState(row), itemCount };
}

export function feedCheckState(row: Selectable<FeedsTable>): FeedCheckState {
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
    health: row.health as FeedState['health'],
    warning: row.warning,
    hintIntervalMs: Number(row.hint_interval_ms),
  };
}

export type MatchRow = Selectable<MatchesTable> & {
  a_id: number;
  a_feed_id: string;
  a_url: string | null;
  a_title: string;
  a_source: string;
  a_summary: string;
  a_published_at: number | null;
};

export function matchView(row: MatchRow): MatchView {
  return {
    matchId: row.id,
    topicId: row.topic_id,
    topicName: row.topic_name,
    storyId: row.story_id,
    score: row.score,
    matchedTerms: JSON.parse(row.matched_terms) as string[],
    snippet: row.snippet,
    entities: JSON.parse(row.entities) as AlertEntity[],
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

/** A delivery row with its match and story (null for deliveries made before stories existed). */
export function deliveryView(row: Selectable<DeliveriesTable>, match: MatchView, story: StoryView | null): DeliveryView {
  return {
    id: row.id,
    notifierId: row.notifier_id,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    deliveredAt: toDate(row.delivered_at),
    isUpdate: Boolean(row.is_update),
    threadId: row.thread_id,
    match,
    story,
  };
}

export function storyView(row: Selectable<StoriesTable>, articles: StoryArticleView[], entities: AlertEntity[]): StoryView {
  return {
    id: row.id,
    topicId: row.topic_id,
    topicName: row.topic_name,
    headline: row.headline,
    primaryEntity: row.primary_code ? { code: row.primary_code, name: row.primary_name ?? row.primary_code } : null,
    firstSeen: new Date(Number(row.first_seen_at)),
    lastSeen: new Date(Number(row.last_seen_at)),
    articleCount: row.article_count,
    sources: JSON.parse(row.sources) as string[],
    alerted: row.last_alert_at !== null,
    entities,
    articles,
  };
}
