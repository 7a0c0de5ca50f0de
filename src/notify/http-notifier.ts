/**
 * The tiny base of every notifier that delivers by one HTTP POST: a type supplies its endpoint, how an alert and a
 * digest become a request, and optionally how to read its error replies; posting, deadline and logging are shared.
 */
import type { DiscordNotifierConfig, SlackNotifierConfig } from '../config/types.js';
import type { Alert, DigestAlert } from '../types.js';
import { HTTP_TIMEOUT_MS, parseHttpUrl, postOnce, urlSecrets } from './http-delivery.js';
import type { DeliveryKind, HttpEndpoint, HttpMessage, HttpReply, ReplyDetail } from './http-delivery.js';
import { maskHttpUrl } from './mask.js';
import { invalidConfig } from './notifier-errors.js';
import { compileTemplates } from './template.js';
import type { MessageTemplates } from './template.js';
import type { Notifier, NotifierDefinition, NotifierDeps, SendContext } from './types.js';

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
  /** The request for one digest, called per attempt like `toMessage`. */
  toDigestMessage(digest: DigestAlert): HttpMessage;
  /** Reads a service's error reply: its description and how long it asks to wait. */
  explain?: (reply: HttpReply) => ReplyDetail;
}

/** Builds a notifier that POSTs each alert or digest once per attempt. */
export function createHttpNotifier(parts: HttpNotifierParts, deps: NotifierDeps): Notifier {
  const endpoint: HttpEndpoint = {
    service: parts.type,
    url: parts.url.href,
    userAgent: deps.userAgent,
    timeoutMs: deps.timeoutMs ?? HTTP_TIMEOUT_MS,
    secrets: [...(parts.secrets ?? []), ...urlSecrets(parts.url)],
  };
  // Async, so a message that fails to build rejects like a failed POST instead of throwing at the caller.
  const post = async (kind: DeliveryKind, id: string, build: () => HttpMessage, ctx: SendContext): Promise<void> => {
    const { status } = await postOnce(endpoint, build(), { signal: ctx.signal, explain: parts.explain, kind });
    ctx.logger?.debug({ notifierId: parts.id, [`${kind}Id`]: id, status }, 'notification delivered');
  };
  return {
    id: parts.id,
    type: parts.type,
    describe: () => parts.description,
    send: (alert, ctx) => post('alert', alert.id, () => parts.toMessage(alert), ctx),
    sendDigest: (digest, ctx) => post('digest', digest.id, () => parts.toDigestMessage(digest), ctx),
  };
}

/** How a chat service's JSON body is built for an alert and for a digest. */
export interface ChatBodies {
  alert(alert: Alert, templates: MessageTemplates): string;
  digest(digest: DigestAlert): string;
}

/** A chat service reached by a webhook URL that takes one JSON body per message (Slack, Discord). */
export function chatWebhookDefinition<C extends SlackNotifierConfig | DiscordNotifierConfig>(
  type: C['type'],
  bodies: ChatBodies,
  explain: (reply: HttpReply) => ReplyDetail,
): NotifierDefinition<C> {
  return {
    type,
    create(config, deps) {
      const url = parseHttpUrl(config.id, `${type} webhook_url`, config.webhookUrl);
      const templates = compileTemplates(config, (problem) => invalidConfig(config.id, problem));
      const json = (body: string): HttpMessage => ({ headers: { 'content-type': 'application/json' }, body });
      return createHttpNotifier(
        {
          id: config.id,
          type,
          url,
          description: `${type} ${maskHttpUrl(url.href)}`,
          toMessage: (alert) => json(bodies.alert(alert, templates)),
          toDigestMessage: (digest) => json(bodies.digest(digest)),
          explain,
        },
        deps,
      );
    },
  };
}
