/** Domain shapes shared by every pipeline stage. Stages own their internals; these are the hand-offs. */

/** One feed item, normalised: plain text only, canonical URL, stable key. */
export interface Article {
  /** Stable identity within its feed: the guid, else the canonical link, else a hash of title + date. */
  key: string;
  feedId: string;
  /** Human name of the outlet: the feed's configured name, else its channel title, else its host. */
  source: string;
  /** Canonical URL (tracking parameters and fragment removed), or null when the item has no usable link. */
  url: string | null;
  title: string;
  /** Plain-text lead/description (HTML stripped, entities decoded). */
  summary: string;
  /** Plain-text full body when the feed carries one, else ''. */
  content: string;
  published: Date | null;
}

/** What a topic matcher reports for one article. */
export interface TopicMatch {
  topicId: string;
  score: number;
  matchedTerms: string[];
}

/** One article as carried in an alert. */
export interface AlertArticle {
  url: string | null;
  title: string;
  source: string;
  published: string | null;
  snippet: string;
}

/** A country (or later another entity kind) an alert is about. `new`: never seen as primary for this topic before. */
export interface AlertEntity {
  code: string;
  name: string;
  primary: boolean;
  new: boolean;
}

/** The real-world event an alert belongs to: one story, however many outlets report it. */
export interface AlertStory {
  id: string;
  firstSeen: string;
  articleCount: number;
  sources: string[];
}

/**
 * What a notifier is asked to deliver. `id` is the delivery id: stable across retries of the same delivery.
 * An update (`update: true`) follows an earlier alert of the same story; `threadId` is that first alert's id,
 * so notifiers can thread it (email In-Reply-To, chat replies).
 */
export interface Alert {
  id: string;
  topic: { id: string; name: string };
  story: AlertStory;
  update: boolean;
  threadId: string | null;
  /** New entities first, then the primary one, then the rest. */
  entities: AlertEntity[];
  articles: AlertArticle[];
  matchedTerms: string[];
  createdAt: string;
}

/**
 * Several alerts sent as one message at the end of a digest period. `id` is the digest's delivery id (stable across
 * retries). Topics in config order; within a topic, stories with a new primary entity first, then by first seen.
 */
export interface DigestAlert {
  id: string;
  periodStart: string;
  periodEnd: string;
  topics: { topic: { id: string; name: string }; alerts: Alert[] }[];
  createdAt: string;
}
