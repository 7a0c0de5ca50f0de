import type { StoryView } from '../store/index.js';

/** A story as one JSON line: the shape `matches --json` and `stories --json` print. */
export function storyJson(story: StoryView) {
  return {
    story: story.id,
    topic: story.topicId,
    topic_name: story.topicName,
    headline: story.headline,
    first_seen: story.firstSeen.toISOString(),
    last_seen: story.lastSeen.toISOString(),
    article_count: story.articleCount,
    sources: story.sources,
    alerted: story.alerted,
    entities: story.entities,
    articles: story.articles.map((a) => ({ url: a.url, title: a.title, source: a.source, published: a.published?.toISOString() ?? null })),
  };
}

/** A story as a few lines of text: headline, entities, then one line per article. */
export function storyText(story: StoryView): string {
  const entity = story.entities.find((e) => e.primary);
  const head = `${story.firstSeen.toISOString()}  ${story.topicId}  ${entity ? `${entity.name}${entity.new ? ' (new)' : ''} — ` : ''}${story.headline}`;
  const meta = `    ${story.articleCount} article${story.articleCount === 1 ? '' : 's'} from ${story.sources.join(', ')}${story.alerted ? '' : '  [backlog, not alerted]'}`;
  const lines = story.articles.map((a) => `    - ${a.source}: ${a.title}  ${a.url ?? '(no link)'}`);
  return [head, meta, ...lines].join('\n') + '\n';
}
