/**
 * Email notifier: one SMTP message per alert or digest, text and HTML alternatives from email-message.ts and
 * email-digest.ts. Rules owned here: the Message-ID derives from the alert's or digest's delivery id, so a retry after
 * a dropped connection is the same message to the receiver; a follow-up names the story's first alert in In-Reply-To and References, so mail
 * clients thread it; an SMTP 4xx or a network failure can be retried, a 5xx cannot; the password never leaves
 * the transport (describe() and errors mask it).
 */
import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions, SMTPSentMessageInfo, Transporter } from 'nodemailer';
import type { EmailNotifierConfig } from '../config/types.js';
import type { NewswatchError } from '../errors.js';
import type { Alert, DigestAlert } from '../types.js';
import { startDeadline } from './deadline.js';
import type { Deadline } from './deadline.js';
import { renderDigestEmail } from './email-digest.js';
import { isFollowUp, renderEmail } from './email-message.js';
import type { EmailContent } from './email-message.js';
import { maskSmtpUrl } from './mask.js';
import { deliveryFailed, invalidConfig } from './notifier-errors.js';
import { toOneLine, truncate } from './sanitize.js';
import { compileTemplates } from './template.js';
import type { MessageTemplates } from './template.js';
import type { Notifier, NotifierDefinition, NotifierDeps, SendContext } from './types.js';

/** Total deadline of one delivery attempt unless deps.timeoutMs says otherwise. */
export const EMAIL_TIMEOUT_MS = 60_000;
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/** Failures of the connection rather than of the message: the same message can go through later. */
const RETRYABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** `<delivery-id@newswatch>`, with characters a msg-id may not hold replaced so the header stays well-formed. */
export function messageIdFor(alertId: string): string {
  return `<${alertId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-')}@newswatch>`;
}

class EmailNotifier implements Notifier {
  readonly type = 'email';
  readonly id: string;
  readonly #transport: Transporter<SMTPSentMessageInfo>;
  readonly #target: string;
  readonly #from: string;
  readonly #to: readonly string[];
  readonly #timeoutMs: number;
  readonly #scrub: readonly string[];
  readonly #templates: MessageTemplates;

  constructor(config: EmailNotifierConfig, deps: NotifierDeps) {
    this.id = config.id;
    let url: URL;
    try {
      url = new URL(config.smtp);
    } catch {
      throw invalidConfig(config.id, 'smtp is not a valid URL');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw invalidConfig(config.id, 'smtp must be an smtp:// or smtps:// URL');
    }
    if (config.to.length === 0) throw invalidConfig(config.id, 'email needs at least one "to" address');
    this.#templates = compileTemplates(config, (problem) => invalidConfig(config.id, problem));
    this.#timeoutMs = deps.timeoutMs ?? EMAIL_TIMEOUT_MS;
    this.#transport = nodemailer.createTransport({
      url: config.smtp,
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, this.#timeoutMs),
      greetingTimeout: Math.min(GREETING_TIMEOUT_MS, this.#timeoutMs),
      socketTimeout: Math.min(SOCKET_TIMEOUT_MS, this.#timeoutMs),
    });
    this.#target = maskSmtpUrl(config.smtp);
    this.#from = config.from;
    this.#to = [...config.to];
    let decoded = url.password;
    try {
      decoded = decodeURIComponent(url.password);
    } catch {
      // A malformed escape stays as written; it is scrubbed in that form.
    }
    this.#scrub = [url.password, decoded];
  }

  describe(): string {
    return `email ${this.#target} → ${this.#to.join(', ')}`;
  }

  async send(alert: Alert, ctx: SendContext): Promise<void> {
    // Only the story's first alert is known, so References names it alone; that is enough to thread.
    const thread = isFollowUp(alert)
      ? { inReplyTo: messageIdFor(alert.threadId), references: messageIdFor(alert.threadId) }
      : {};
    const ids = { messageId: messageIdFor(alert.id), ...thread, headers: { 'X-Newswatch-Alert': alert.id } };
    await this.#deliver(renderEmail(alert, this.#templates), ids, ctx, { alertId: alert.id });
  }

  async sendDigest(digest: DigestAlert, ctx: SendContext): Promise<void> {
    const ids = { messageId: messageIdFor(digest.id), headers: { 'X-Newswatch-Digest': digest.id } };
    await this.#deliver(renderDigestEmail(digest), ids, ctx, { digestId: digest.id });
  }

  async #deliver(
    content: EmailContent,
    ids: Pick<SendMailOptions, 'messageId' | 'inReplyTo' | 'references' | 'headers'>,
    ctx: SendContext,
    logFields: Record<string, string>,
  ): Promise<void> {
    const deadline = startDeadline(this.#timeoutMs, ctx.signal);
    let info: SMTPSentMessageInfo;
    try {
      info = await this.#transport.sendMail({
        from: this.#from,
        to: [...this.#to],
        ...content,
        ...ids,
        signal: deadline.signal,
      });
    } catch (err) {
      throw this.#sendError(err, ctx.signal, deadline);
    } finally {
      deadline.dispose();
    }
    if (info.rejected.length > 0) {
      // Some recipients have it; a retry would send it to them again, so this counts as delivered.
      ctx.logger?.warn({ notifierId: this.id, ...logFields, rejected: info.rejected }, 'email recipients rejected');
    }
    ctx.logger?.debug({ notifierId: this.id, ...logFields, accepted: info.accepted.length }, 'email delivered');
  }

  #fail(message: string, retryable: boolean, cause: unknown): NewswatchError {
    return deliveryFailed(message, this.#scrub, { retryable, cause });
  }

  #sendError(thrown: unknown, callerSignal: AbortSignal | undefined, deadline: Deadline): NewswatchError {
    if (deadline.timedOut()) return this.#fail(`email delivery did not finish within ${this.#timeoutMs / 1000} s`, true, thrown);
    if (callerSignal?.aborted) return this.#fail('email delivery was cancelled', true, thrown);
    const err = (thrown ?? {}) as NodemailerError;
    const code = typeof err.code === 'string' ? err.code : undefined;
    const reply = typeof err.response === 'string' ? truncate(toOneLine(err.response), 300) : undefined;
    const during = err.command ? ` (${err.command})` : '';
    if (typeof err.responseCode === 'number' && err.responseCode >= 400) {
      const retryable = err.responseCode < 500;
      const object = code === 'EAUTH' ? 'the login' : 'the email';
      const what = retryable ? 'temporarily refused' : 'rejected';
      return this.#fail(`SMTP server ${what} ${object}: ${reply ?? err.responseCode}${during}`, retryable, thrown);
    }
    const retryable = [code, err.originalCode].some((c) => c !== undefined && RETRYABLE_CODES.has(c));
    const message = thrown instanceof Error ? toOneLine(thrown.message) : String(thrown);
    const codes = [code, err.originalCode].filter((c) => c !== undefined).join('/');
    return this.#fail(`email delivery failed${codes ? ` (${codes})` : ''}: ${message}`, retryable, thrown);
  }
}

/** The `email` notifier type. */
export const emailDefinition: NotifierDefinition<EmailNotifierConfig> = {
  type: 'email',
  create: (config, deps) => new EmailNotifier(config, deps),
};
