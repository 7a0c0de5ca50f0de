/**
 * The service-neutral reading of a digest, and how a service with a size limit fits it into one message.
 * Rules owned here: topics and stories keep the digest's order (topics in config order, stories with a new primary
 * entity first), so a cut drops the least important stories of a topic; under a limit every topic gets its heading
 * and then stories in turn (round-robin), so one busy topic cannot crowd out the others; whatever is left out is
 * counted ("+N more"), never dropped silently; a topic without stories is not shown.
 */
import type { Alert, DigestAlert } from '../types.js';
import { listNames, viewAlert } from './alert-view.js';
import type { AlertView } from './alert-view.js';
import { toOneLine, truncate } from './sanitize.js';

/** One story of a digest as listed: a heading, one line about it, and the full alert view. */
export interface DigestStory {
  /** `New: Kazakhstan — <headline>` when an entity is new, `Update: <headline>` for a later alert, else the headline. */
  heading: string;
  /** `3 articles · Kazakhstan (new), Israel · The National, Fox News`, at most 300 characters. */
  meta: string;
  view: AlertView;
}

/** A topic of a digest with the stories shown under it and how many are left out. */
export interface DigestTopic {
  name: string;
  /** All stories of the topic, shown or not. */
  total: number;
  stories: DigestStory[];
  omitted: number;
}

/** A digest as plain text parts, ready to be escaped for one service. */
export interface DigestView {
  /** `Digest: 5 stories in 2 topics`. */
  title: string;
  /** `2025-11-06 08:00–09:00 UTC`. */
  period: string;
  storyCount: number;
  /** True when any story has a new entity. */
  hasNew: boolean;
  /** The first story's first linkable article URL. */
  link: string | null;
  topics: DigestTopic[];
  /** Topics left out entirely by a cut (only when even their headings do not fit), and their stories. */
  omittedTopics: number;
  omittedStories: number;
}

const MAX_META_CHARS = 300;

/** `1 story`, `2 stories`. */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `2025-11-06 08:00–09:00 UTC`, or both dates when the period spans midnight; the raw values if unreadable. */
export function formatPeriod(start: string, end: string): string {
  const from = Date.parse(start);
  const to = Date.parse(end);
  if (Number.isNaN(from) || Number.isNaN(to)) return toOneLine(`${start} – ${end}`);
  const [fromDay, fromTime] = new Date(from).toISOString().slice(0, 16).split('T');
  const [toDay, toTime] = new Date(to).toISOString().slice(0, 16).split('T');
  return fromDay === toDay ? `${fromDay} ${fromTime}–${toTime} UTC` : `${fromDay} ${fromTime} – ${toDay} ${toTime} UTC`;
}

function viewStory(alert: Alert): DigestStory {
  const view = viewAlert(alert);
  const headline = view.headline || view.topic;
  const heading =
    view.newEntities.length > 0
      ? `New: ${listNames(view.newEntities)} — ${headline}`
      : `${alert.update ? 'Update: ' : ''}${headline}`;
  const parts = [countOf(view.articleCount, 'article', 'articles'), view.entityLabels.join(', '), view.sources.join(', ')];
  return { heading, meta: truncate(parts.filter((part) => part !== '').join(' · '), MAX_META_CHARS), view };
}

/** Reads a digest into plain text parts, every story shown. */
export function viewDigest(digest: DigestAlert): DigestView {
  const topics = digest.topics
    .filter((group) => group.alerts.length > 0)
    .map((group) => {
      const stories = group.alerts.map(viewStory);
      return { name: toOneLine(group.topic.name) || toOneLine(group.topic.id), total: stories.length, stories, omitted: 0 };
    });
  const all = topics.flatMap((topic) => topic.stories);
  return {
    title: `Digest: ${countOf(all.length, 'story', 'stories')} in ${countOf(topics.length, 'topic', 'topics')}`,
    period: formatPeriod(digest.periodStart, digest.periodEnd),
    storyCount: all.length,
    hasNew: all.some((story) => story.view.newEntities.length > 0),
    link: all[0]?.view.link ?? null,
    topics,
    omittedTopics: 0,
    omittedStories: 0,
  };
}

/** The view with `units[i]` of topic i shown: 0 = left out, 1 = heading only, n = heading and n - 1 stories. */
function cutDigest(view: DigestView, units: readonly number[]): DigestView {
  const topics: DigestTopic[] = [];
  let omittedTopics = 0;
  let omittedStories = 0;
  view.topics.forEach((topic, index) => {
    const unit = units[index] ?? 0;
    if (unit === 0) {
      omittedTopics += 1;
      omittedStories += topic.total;
      return;
    }
    const stories = topic.stories.slice(0, unit - 1);
    topics.push({ ...topic, stories, omitted: topic.total - stories.length });
  });
  return { ...view, topics, omittedTopics, omittedStories };
}

/** The topic's stories, each rendered by `render`, then `+N more` when a cut left some out. */
export function storyLines(topic: DigestTopic, render: (story: DigestStory) => string): string[] {
  return [...topic.stories.map(render), ...(topic.omitted > 0 ? [`+${topic.omitted} more`] : [])];
}

/** `+N more stories in M more topics` for topics a cut left out, or null. */
export function omittedTopicsNote(view: DigestView): string | null {
  if (view.omittedTopics === 0) return null;
  const stories = countOf(view.omittedStories, 'story', 'stories');
  return `+${stories} in ${countOf(view.omittedTopics, 'more topic', 'more topics')}`;
}

/**
 * Renders as much of the digest as `fits` accepts, adding a topic heading or a story at a time, round-robin over
 * the topics. Calls `render` once per accepted or refused step, so the cost grows with what is shown, not the input.
 */
export function fitDigest<T>(view: DigestView, render: (cut: DigestView) => T, fits: (rendered: T) => boolean): T {
  const units = view.topics.map(() => 0);
  let best = render(cutDigest(view, units));
  const open = new Set(view.topics.keys());
  while (open.size > 0) {
    for (const index of open) {
      if (units[index]! > view.topics[index]!.total) {
        open.delete(index);
        continue;
      }
      units[index]! += 1;
      const candidate = render(cutDigest(view, units));
      if (fits(candidate)) {
        best = candidate;
      } else {
        // This topic is done: its next story (in order) does not fit, and a later one must not jump the queue.
        units[index]! -= 1;
        open.delete(index);
      }
    }
  }
  return best;
}
