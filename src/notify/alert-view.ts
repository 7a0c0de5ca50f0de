/**
 * The service-neutral reading of an alert that every prose notifier formats: feed values already made plain
 * (one line where a line is expected, control characters dropped, links only for http/https), and the rules for
 * what a message is headed with.
 * Rules owned here: a primary entity that is new leads the title ("Kazakhstan — new in <topic>: <headline>");
 * the thread title leaves out what changes between alerts of one story (the new-entity prefix), so every
 * follow-up of a story is headed alike and mail clients keep it in one thread.
 */
import type { Alert, AlertArticle } from '../types.js';
import { linkableUrl, toOneLine, toPlainText, truncate } from './sanitize.js';

/** One article, plain text. `url` is linkable (http/https) or null; `urlText` shows any other URL as text. */
export interface ArticleView {
  title: string;
  url: string | null;
  urlText: string | null;
  source: string;
  published: string | null;
  snippet: string;
}

/** An alert as plain text parts, ready to be escaped for one service. */
export interface AlertView {
  topic: string;
  /** The first article's title, '' without articles. */
  headline: string;
  /** What the message is headed with, without any service prefix. */
  title: string;
  /** `<topic>: <headline>`: the same for every alert of a story whose lead article stays first. */
  threadTitle: string;
  /** The title, after `Update: ` on a later alert of a story: how chat services head a message. */
  heading: string;
  /** Names of the new entities, primary first. */
  newEntities: string[];
  /** Every entity as shown to a reader: "Kazakhstan (new)", "Israel". */
  entityLabels: string[];
  sources: string[];
  articleCount: number;
  firstSeen: string;
  /** The first linkable article URL. */
  link: string | null;
  matchedTerms: string[];
  articles: ArticleView[];
}

const MAX_NAMED_ENTITIES = 3;
// A notification points at the article; these keep one hostile item from crowding out the rest.
const MAX_TITLE_CHARS = 500;
const MAX_SNIPPET_CHARS = 1000;

/** `a, b and c`, or `a, b, c and N more` past `max` names. */
export function listNames(names: readonly string[], max = MAX_NAMED_ENTITIES): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function viewArticle(article: AlertArticle): ArticleView {
  const url = linkableUrl(article.url);
  const urlText = article.url === null ? null : toOneLine(article.url) || null;
  return {
    title: truncate(toOneLine(article.title), MAX_TITLE_CHARS) || '(untitled)',
    url,
    urlText: url === null ? urlText : url,
    source: toOneLine(article.source),
    published: article.published === null ? null : toOneLine(article.published) || null,
    snippet: truncate(toPlainText(article.snippet), MAX_SNIPPET_CHARS),
  };
}

/** Reads an alert into plain text parts. */
export function viewAlert(alert: Alert): AlertView {
  const articles = alert.articles.map(viewArticle);
  const topic = toOneLine(alert.topic.name);
  const headline = articles[0]?.title ?? '';
  const entities = alert.entities.map((entity) => ({ ...entity, name: toOneLine(entity.name) || entity.code }));
  const newPrimary = entities.filter((entity) => entity.new && entity.primary).map((entity) => entity.name);
  const threadTitle = headline === '' ? topic : `${topic}: ${headline}`;
  const title = newPrimary.length > 0 ? `${listNames(newPrimary)} — new in ${threadTitle}` : threadTitle;
  return {
    topic,
    headline,
    title,
    threadTitle,
    heading: alert.update ? `Update: ${title}` : title,
    newEntities: entities.filter((entity) => entity.new).map((entity) => entity.name),
    entityLabels: entities.map((entity) => (entity.new ? `${entity.name} (new)` : entity.name)),
    sources: alert.story.sources.map(toOneLine).filter((source) => source !== ''),
    articleCount: alert.story.articleCount,
    firstSeen: toOneLine(alert.story.firstSeen),
    link: articles.find((article) => article.url !== null)?.url ?? null,
    matchedTerms: alert.matchedTerms.map(toOneLine),
    articles,
  };
}

/** The summary lines under a heading: new entities, all entities, the story's size and sources. */
export function summaryLines(view: AlertView): string[] {
  const lines: string[] = [];
  if (view.newEntities.length > 0) lines.push(`New: ${view.newEntities.join(', ')}`);
  if (view.entityLabels.length > 0) lines.push(`Entities: ${view.entityLabels.join(', ')}`);
  const count = `${view.articleCount} article${view.articleCount === 1 ? '' : 's'}`;
  lines.push(`Story: ${count} since ${view.firstSeen}`);
  if (view.sources.length > 0) lines.push(`Sources: ${view.sources.join(', ')}`);
  return lines;
}
