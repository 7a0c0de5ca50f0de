/**
 * ntfy notifier: the alert or digest as a plain-text POST to a topic URL, with ntfy's `Title`, `Priority`, `Tags`
 * and `Click` headers. Rules owned here: header values are one line, and RFC 2047-encoded when not ASCII (ntfy
 * decodes them), so a feed title can neither add a header nor be garbled; the body is plain text (ntfy renders no
 * markup unless asked) within 4096 bytes, past which ntfy would turn it into an attachment (a digest leaves out whole
 * stories to fit); anything with a new entity is sent at least at priority 4 (high); the topic URL and token are
 * masked.
 */
import type { NtfyNotifierConfig, NtfyPriority } from '../config/types.js';
import type { Alert, DigestAlert } from '../types.js';
import { summaryLines, viewAlert } from './alert-view.js';
import type { AlertView } from './alert-view.js';
import { countOf, fitDigest, omittedTopicsNote, storyLines, viewDigest } from './digest-view.js';
import type { DigestStory, DigestView } from './digest-view.js';
import { parseHttpUrl } from './http-delivery.js';
import type { HttpMessage } from './http-delivery.js';
import { createHttpNotifier } from './http-notifier.js';
import { maskHttpUrl } from './mask.js';
import { invalidConfig } from './notifier-errors.js';
import { toPlainText, truncate } from './sanitize.js';
import { compileTemplates, renderTitle } from './template.js';
import type { MessageTemplates } from './template.js';
import type { NotifierDefinition } from './types.js';

/** Longest message body ntfy shows as text, in bytes. */
export const NTFY_MAX_BODY_BYTES = 4096;
const TITLE_MAX = 250;
const HIGH: NtfyPriority = 4;

/** The value as is when printable ASCII, else one RFC 2047 encoded-word. */
function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function defaultText(view: AlertView): string {
  const lines = summaryLines(view);
  for (const article of view.articles) {
    lines.push('', article.title);
    const meta = [article.source, article.published ?? ''].filter((part) => part !== '').join(' · ');
    if (meta) lines.push(meta);
    if (article.urlText) lines.push(article.urlText);
    if (article.snippet) lines.push(truncate(article.snippet, 300));
  }
  return lines.join('\n');
}

interface NtfyParts {
  title: string;
  text: string;
  isNew: boolean;
  tags: string[];
  link: string | null;
}

function ntfyMessage(parts: NtfyParts, priority: NtfyPriority): HttpMessage {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: encodeHeaderValue(truncate(parts.title, TITLE_MAX)),
    priority: String(parts.isNew ? Math.max(priority, HIGH) : priority),
    tags: ['newspaper', ...(parts.isNew ? ['new'] : []), ...parts.tags].join(','),
  };
  if (parts.link !== null) headers.click = parts.link;
  return { headers, body: truncate(parts.text, NTFY_MAX_BODY_BYTES, 'utf8') };
}

/** The request ntfy receives for one alert (without Authorization). */
export function buildNtfyMessage(alert: Alert, templates: MessageTemplates, priority: NtfyPriority): HttpMessage {
  const view = viewAlert(alert);
  return ntfyMessage(
    {
      title: renderTitle(templates, alert, view.heading),
      text: templates.body === null ? defaultText(view) : toPlainText(templates.body.render(alert, (value) => value)),
      isNew: view.newEntities.length > 0,
      tags: alert.update ? ['repeat'] : [],
      link: view.link,
    },
    priority,
  );
}

function digestStoryText(story: DigestStory): string {
  return [`• ${story.heading}`, `  ${story.meta}`, ...(story.view.link === null ? [] : [`  ${story.view.link}`])].join('\n');
}

function digestText(view: DigestView): string {
  const blocks = [`${view.title} · ${view.period}`];
  for (const topic of view.topics) {
    blocks.push([`${topic.name} · ${countOf(topic.total, 'story', 'stories')}`, ...storyLines(topic, digestStoryText)].join('\n'));
  }
  const hidden = omittedTopicsNote(view);
  if (hidden !== null) blocks.push(hidden);
  return blocks.join('\n\n');
}

/** The request ntfy receives for one digest (without Authorization): whole stories left out to stay within 4096 bytes. */
export function buildNtfyDigestMessage(digest: DigestAlert, priority: NtfyPriority): HttpMessage {
  const view = viewDigest(digest);
  const text = fitDigest(view, digestText, (candidate) => Buffer.byteLength(candidate, 'utf8') <= NTFY_MAX_BODY_BYTES);
  const title = `Digest: ${countOf(view.storyCount, 'story', 'stories')}`;
  return ntfyMessage({ title, text, isNew: view.hasNew, tags: [], link: view.link }, priority);
}

/** The `ntfy` notifier type. */
export const ntfyDefinition: NotifierDefinition<NtfyNotifierConfig> = {
  type: 'ntfy',
  create(config, deps) {
    const url = parseHttpUrl(config.id, 'ntfy url', config.url);
    if (![1, 2, 3, 4, 5].includes(config.priority)) throw invalidConfig(config.id, 'ntfy priority must be 1 to 5');
    const token = config.token;
    if (token !== null && !/^[\x21-\x7e]+$/.test(token)) {
      throw invalidConfig(config.id, 'ntfy token must be printable ASCII without spaces');
    }
    const templates = compileTemplates(config, (problem) => invalidConfig(config.id, problem));
    const authorization: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    const withAuthorization = (message: HttpMessage): HttpMessage => ({
      ...message,
      headers: { ...message.headers, ...authorization },
    });
    return createHttpNotifier(
      {
        id: config.id,
        type: 'ntfy',
        url,
        secrets: token === null ? [] : [token],
        description: `ntfy ${maskHttpUrl(url.href)} (${token === null ? 'no token' : 'token'})`,
        toMessage: (alert) => withAuthorization(buildNtfyMessage(alert, templates, config.priority)),
        toDigestMessage: (digest) => withAuthorization(buildNtfyDigestMessage(digest, config.priority)),
      },
      deps,
    );
  },
};
