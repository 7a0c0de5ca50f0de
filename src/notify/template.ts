/**
 * Per-notifier `title` / `body` templates: Mustache (logic-less), every value escaped for the service it goes to.
 * Rules owned here: a template may only name the documented placeholders (docs/notifiers.md), checked when the
 * config is loaded; `{{{x}}}` / `{{& x}}` (unescaped) and partials are refused, because every value comes from a
 * feed. The view holds plain data only, on objects without a prototype, so no name can reach a function: nothing
 * in a template runs code.
 */
import Mustache from 'mustache';
import type { Alert } from '../types.js';
import { viewAlert } from './alert-view.js';
import type { AlertView } from './alert-view.js';
import { toOneLine } from './sanitize.js';

/** Turns one plain-text value into the service's markup (HTML, Slack mrkdwn, Discord markdown, or as is). */
export type Escape = (value: string) => string;

const ROOT_PLACEHOLDERS = [
  'id',
  'created_at',
  'update',
  'topic.id',
  'topic.name',
  'story.id',
  'story.first_seen',
  'story.article_count',
  'headline',
  'url',
  'sources',
  'entities_new',
  'entity_names',
  'primary_entity',
  'matched_terms',
] as const;

/** List placeholders and the names their items have inside `{{#list}}…{{/list}}`. */
const LIST_ITEMS: Record<string, readonly string[]> = {
  articles: ['title', 'url', 'source', 'published', 'snippet'],
  entities: ['code', 'name', 'primary', 'new'],
  'story.sources': ['.'],
};

const ROOT_SCOPE: readonly string[] = [...ROOT_PLACEHOLDERS, ...Object.keys(LIST_ITEMS)];

/** Every placeholder a template may use, for docs and messages. */
export const TEMPLATE_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '': ROOT_SCOPE,
  ...LIST_ITEMS,
});

// Mustache token: [type, name, start, end, children?, ...]. Types: text, name, &, #, ^, >, !, =.
type Token = [string, string, number, number, Token[]?, ...unknown[]];

function checkTokens(tokens: readonly Token[], scopes: ReadonlyArray<readonly string[]>): string | null {
  for (const [type, name, , , children] of tokens) {
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') return `partials ("{{> ${name}}}") are not supported`;
    if (type === '&') return `"${name}" would be inserted unescaped; write {{${name}}} (values are always escaped)`;
    if (!scopes.some((scope) => scope.includes(name))) {
      const known = scopes.flat().filter((placeholder) => placeholder !== '.');
      return `unknown placeholder "${name}" (known here: ${[...new Set(known)].join(', ')})`;
    }
    const items = LIST_ITEMS[name];
    if (type === 'name') {
      if (items !== undefined) return `"${name}" is a list; write {{#${name}}}…{{/${name}}}`;
      continue;
    }
    const problem = checkTokens(children ?? [], items === undefined ? scopes : [...scopes, items]);
    if (problem !== null) return problem;
  }
  return null;
}

/** What is wrong with a template, or null when it parses and names only known placeholders. */
export function checkTemplate(text: string): string | null {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(text) as Token[];
  } catch (err) {
    return `template does not parse: ${err instanceof Error ? err.message : String(err)}`;
  }
  return checkTokens(tokens, [ROOT_SCOPE]);
}

function plain<T extends object>(fields: T): T {
  return Object.assign(Object.create(null) as T, fields);
}

function templateData(alert: Alert, view: AlertView): object {
  return plain({
    id: toOneLine(alert.id),
    created_at: toOneLine(alert.createdAt),
    update: alert.update,
    topic: plain({ id: toOneLine(alert.topic.id), name: view.topic }),
    story: plain({
      id: toOneLine(alert.story.id),
      first_seen: view.firstSeen,
      article_count: alert.story.articleCount,
      sources: [...view.sources],
    }),
    headline: view.headline,
    url: view.link ?? '',
    sources: view.sources.join(', '),
    entities_new: view.newEntities.join(', '),
    entity_names: alert.entities.map((entity) => toOneLine(entity.name)).join(', '),
    primary_entity: toOneLine(alert.entities.find((entity) => entity.primary)?.name ?? ''),
    matched_terms: view.matchedTerms.join(', '),
    articles: view.articles.map((article) =>
      plain({
        title: article.title,
        url: article.url ?? '',
        source: article.source,
        published: article.published ?? '',
        snippet: article.snippet,
      }),
    ),
    entities: alert.entities.map((entity) =>
      plain({ code: toOneLine(entity.code), name: toOneLine(entity.name), primary: entity.primary, new: entity.new }),
    ),
  });
}

/** A checked template. */
export interface MessageTemplate {
  /** Renders with every value passed through `escape`; literal template text is kept as written. */
  render(alert: Alert, escape: Escape): string;
}

/**
 * Checks and wraps a template text.
 * @throws Error with the problem when the text is not a valid template (create() turns it into CONFIG_INVALID).
 */
export function compileTemplate(text: string): MessageTemplate {
  const problem = checkTemplate(text);
  if (problem !== null) throw new Error(problem);
  return {
    render: (alert, escape) =>
      Mustache.render(text, templateData(alert, viewAlert(alert)), undefined, {
        escape: (value: unknown) => escape(String(value)),
      }),
  };
}

/** A notifier's optional title and body templates. */
export interface MessageTemplates {
  title: MessageTemplate | null;
  body: MessageTemplate | null;
}

/** The title template rendered as one plain line; `fallback` when there is none or it comes out empty. */
export function renderTitle(templates: MessageTemplates, alert: Alert, fallback: string): string {
  return (templates.title === null ? '' : toOneLine(templates.title.render(alert, (value) => value))) || fallback;
}

/** Compiles the `title` and `body` of a notifier config; `invalid` builds the error for a bad one. */
export function compileTemplates(
  config: { title: string | null; body: string | null },
  invalid: (problem: string) => Error,
): MessageTemplates {
  const compile = (key: 'title' | 'body'): MessageTemplate | null => {
    const text = config[key];
    if (text === null) return null;
    try {
      return compileTemplate(text);
    } catch (err) {
      throw invalid(`${key} ${(err as Error).message}`);
    }
  };
  return { title: compile('title'), body: compile('body') };
}
