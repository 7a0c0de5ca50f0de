/**
 * The tiny base of every notifier that delivers by one HTTP POST: a type supplies its endpoint, how an alert
 * becomes a request, and optionally how to read its error replies; posting, deadline and logging are shared.
 */
import type { DiscordNotifierConfig, SlackNotifierConfig } from '../config/types.js';
import type { Alert } from '../types.js';
import { HTTP_TIMEOUT_MS, parseHttpUrl, postOnce, urlSecrets } from './http-delivery.js';
import type { HttpEndpoint, HttpMessage, HttpReply, ReplyDetail } from './http-delivery.js';
import { maskHttpUrl } from './mask.js';
import { invalidConfig } from './notifier-errors.js';
import { compileTemplates } from './template.js';
import type { MessageTemplates } from './template.js';
import type { Notifier, NotifierDefinition, NotifierDeps } from './types.js';

/** What one HTTP notifier type supplies. */
export interface HttpNotifierParts {
  id: string;
  type: string;
  /** The target URL; its password, query and long path segments are scrubbed from errors. */
  url: URL;
  /** Further secrets to scrub (tokens, signing keys). */
  secrets?: readonly string[];
  /** What describe() returns: the target with every secret masked. */
  description: string;
  /** The request for one alert (called per attempt, so timestamps and signatures are fresh). */
  toMessage(alert: Alert): HttpMessage;
  /** Reads a service's error reply: its description and how long it asks to wait. */
  explain?: (reply: HttpReply) => ReplyDetail;
}

/** Builds a notifier that POSTs each alert once per attempt. */
export function createHttpNotifier(parts: HttpNotifierParts, deps: NotifierDeps): Notifier {
  const endpoint: HttpEndpoint = {
    service: parts.type,
    url: parts.url.href,
    userAgent: deps.userAgent,
    timeoutMs: deps.timeoutMs ?? HTTP_TIMEOUT_MS,
    secrets: [...(parts.secrets ?? []), ...urlSecrets(parts.url)],
  };
  return {
    id: parts.id,
    type: parts.type,
    describe: () => parts.description,
    async send(alert, ctx) {
      const { status } = await postOnce(endpoint, parts.toMessage(alert), { signal: ctx.signal, explain: parts.explain });
      ctx.logger?.debug({ notifierId: parts.id, alertId: alert.id, status }, 'notification delivered');
    },
  };
}

/** A chat service reached by a webhook URL that takes one JSON body per alert (Slack, Discord). */
export function chatWebhookDefinition<C extends SlackNotifierConfig | DiscordNotifierConfig>(
  type: C['type'],
  buildBody: (alert: Alert, templates: MessageTemplates) => string,
  explain: (reply: HttpReply) => ReplyDetail,
): NotifierDefinition<C> {
  return {
    type,
    create(config, deps) {
      const url = parseHttpUrl(config.id, `${type} webhook_url`, config.webhookUrl);
      const templates = compileTemplates(config, (problem) => invalidConfig(config.id, problem));
      const toMessage = (alert: Alert): HttpMessage => ({
        headers: { 'content-type': 'application/json' },
        body: buildBody(alert, templates),
      });
      const description = `${type} ${maskHttpUrl(url.href)}`;
      return createHttpNotifier({ id: config.id, type, url, description, toMessage, explain }, deps);
    },
  };
}
