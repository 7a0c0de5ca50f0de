/**
 * The webhook payloads, version 1: the public contract documented in docs/webhook.md, docs/webhook.schema.json
 * (alert) and docs/webhook-digest.schema.json (digest). Keys are snake_case and never renamed within a version; a new
 * optional key may be added, anything else is version 2. A digest lists its stories in exactly the shape an alert
 * carries them, so a receiver parses both with one function. Values are passed on as the feed had them: receivers
 * escape for their output.
 */
import type { Alert, DigestAlert } from '../types.js';

/** The payload version this build sends. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The story part of an alert payload: what a digest repeats per story. */
function storyFields(alert: Alert): object {
  return {
    story: {
      id: alert.story.id,
      first_seen: alert.story.firstSeen,
      article_count: alert.story.articleCount,
      sources: [...alert.story.sources],
    },
    update: alert.update,
    entities: alert.entities.map((entity) => ({
      code: entity.code,
      name: entity.name,
      primary: entity.primary,
      new: entity.new,
    })),
    articles: alert.articles.map((article) => ({
      url: article.url,
      title: article.title,
      source: article.source,
      published: article.published,
      snippet: article.snippet,
    })),
    matched_terms: [...alert.matchedTerms],
  };
}

/** The version-1 JSON body of an alert, exactly as sent and signed. */
export function buildWebhookBody(alert: Alert): string {
  return JSON.stringify({
    type: 'newswatch.alert',
    version: WEBHOOK_PAYLOAD_VERSION,
    id: alert.id,
    created_at: alert.createdAt,
    topic: { id: alert.topic.id, name: alert.topic.name },
    ...storyFields(alert),
  });
}

/** The version-1 JSON body of a digest, exactly as sent and signed. */
export function buildWebhookDigestBody(digest: DigestAlert): string {
  return JSON.stringify({
    type: 'newswatch.digest',
    version: WEBHOOK_PAYLOAD_VERSION,
    id: digest.id,
    created_at: digest.createdAt,
    period: { start: digest.periodStart, end: digest.periodEnd },
    topics: digest.topics.map(({ topic, alerts }) => ({
      topic: { id: topic.id, name: topic.name },
      stories: alerts.map(storyFields),
    })),
  });
}
