/**
 * Public face of notify/: the notifier contract, the one registry of notifier types, and the shared rendering
 * and signing helpers. Adding a notifier type = its file, its test, one line in `notifierDefinitions`.
 */
import type { NotifierConfig } from '../config/types.js';
import { NewswatchError } from '../errors.js';
import { discordDefinition } from './discord.js';
import { EMAIL_TIMEOUT_MS, emailDefinition } from './email.js';
import { HTTP_TIMEOUT_MS } from './http-delivery.js';
import { ntfyDefinition } from './ntfy.js';
import { indexDefinitions } from './registry.js';
import { slackDefinition } from './slack.js';
import { telegramDefinition } from './telegram.js';
import type { Notifier, NotifierDefinition, NotifierDeps } from './types.js';
import { webhookDefinition } from './webhook.js';

export type { Notifier, NotifierDefinition, NotifierDeps, SendContext } from './types.js';
export { renderDigestEmail } from './email-digest.js';
export { renderEmail } from './email-message.js';
export { signWebhook } from './sign.js';
export { buildWebhookBody, buildWebhookDigestBody, WEBHOOK_PAYLOAD_VERSION } from './webhook-payload.js';
export { checkTemplate, TEMPLATE_PLACEHOLDERS } from './template.js';

/** The longest deadline of one send attempt among the notifier types (each attempt ends by then). */
export const LONGEST_SEND_DEADLINE_MS = Math.max(EMAIL_TIMEOUT_MS, HTTP_TIMEOUT_MS);

/** Every notifier type newswatch knows, in one list. */
export const notifierDefinitions: readonly NotifierDefinition[] = Object.freeze([
  webhookDefinition,
  emailDefinition,
  slackDefinition,
  discordDefinition,
  telegramDefinition,
  ntfyDefinition,
]);

const definitionsByType = indexDefinitions(notifierDefinitions);

/** Builds one notifier from validated config. @throws NewswatchError 'CONFIG_INVALID' for an unknown type or unusable config. */
export function createNotifier(config: NotifierConfig, deps: NotifierDeps): Notifier {
  const definition = definitionsByType.get(config.type);
  if (definition === undefined) {
    throw new NewswatchError('CONFIG_INVALID', `notifier ${config.id}: unknown type "${String(config.type)}"`);
  }
  return definition.create(config, deps);
}

/** Builds every configured notifier, keyed by id. @throws NewswatchError 'CONFIG_INVALID' on a duplicate id. */
export function createNotifiers(configs: readonly NotifierConfig[], deps: NotifierDeps): Map<string, Notifier> {
  const notifiers = new Map<string, Notifier>();
  for (const config of configs) {
    if (notifiers.has(config.id)) throw new NewswatchError('CONFIG_INVALID', `notifier id "${config.id}" is used twice`);
    notifiers.set(config.id, createNotifier(config, deps));
  }
  return notifiers;
}
