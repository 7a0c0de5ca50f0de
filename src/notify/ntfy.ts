/**
 * ntfy notifier: the alert as a plain-text POST to a topic URL, with ntfy's `Title`, `Priority`, `Tags` and `Click`
 * headers. Rules owned here: header values are one line, and RFC 2047-encoded when not ASCII (ntfy decodes them),
 * so a feed title can neither add a header nor be garbled; the body is plain text (ntfy renders no markup unless
 * asked) cut to 4096 bytes, past which ntfy would turn it into an attachment; an alert with a new entity is sent
 * at least at priority 4 (high); the topic URL and token are masked.
 */
import type { NtfyNotifierConfig, NtfyPriority } from '../config/types.js';
import type { Alert } from '../types.js';
import { summaryLines, viewAlert } from './alert-view.js';
import type { AlertView } from './alert-view.js';
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

/** The request ntfy receives for one alert (without Authorization). */
export function buildNtfyMessage(alert: Alert, templates: MessageTemplates, priority: NtfyPriority): HttpMessage {
  const view = viewAlert(alert);
  const title = truncate(renderTitle(templates, alert, view.heading), TITLE_MAX);
  const text = templates.body === null ? defaultText(view) : toPlainText(templates.body.render(alert, (value) => value));
  const tags = ['newspaper', ...(view.newEntities.length > 0 ? ['new'] : []), ...(alert.update ? ['repeat'] : [])];
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: encodeHeaderValue(title),
    priority: String(view.newEntities.length > 0 ? Math.max(priority, HIGH) : priority),
    tags: tags.join(','),
  };
  if (view.link !== null) headers.click = view.link;
  return { headers, body: truncate(text, NTFY_MAX_BODY_BYTES, 'utf8') };
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
    return createHttpNotifier(
      {
        id: config.id,
        type: 'ntfy',
        url,
        secrets: token === null ? [] : [token],
        description: `ntfy ${maskHttpUrl(url.href)} (${token === null ? 'no token' : 'token'})`,
        toMessage(alert) {
          const message = buildNtfyMessage(alert, templates, config.priority);
          return { ...message, headers: { ...message.headers, ...authorization } };
        },
      },
      deps,
    );
  },
};
