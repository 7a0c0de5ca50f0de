/** The notifier contract, apart from index.ts so each notifier file can import it without a cycle. */
import type { Logger } from 'pino';
import type { NotifierConfig } from '../config/types.js';
import type { Alert, DigestAlert } from '../types.js';

/** Per-delivery context handed to `send` and `sendDigest`. */
export interface SendContext {
  signal?: AbortSignal;
  logger?: Logger;
}

/** A built notifier: one configured target that alerts and digests can be delivered to. */
export interface Notifier {
  readonly id: string;
  readonly type: string;
  /** The target with secrets masked; safe to log and show. */
  describe(): string;
  /**
   * Delivers one alert.
   * @throws NewswatchError 'NOTIFY_FAILED' whose `retryable` says whether trying again later can help.
   */
  send(alert: Alert, ctx: SendContext): Promise<void>;
  /**
   * Delivers the stories of one digest period as one message, grouped by topic, in the digest's order.
   * @throws NewswatchError 'NOTIFY_FAILED' as `send` does: same deadline, same rules for what is retryable.
   */
  sendDigest(digest: DigestAlert, ctx: SendContext): Promise<void>;
}

/** What the whole daemon shares with every notifier it builds. */
export interface NotifierDeps {
  userAgent: string;
  /** Total deadline of one delivery attempt; each notifier has its own default. */
  timeoutMs?: number;
}

/** One notifier type: its name and how to build it from validated config. */
export interface NotifierDefinition<C extends NotifierConfig = NotifierConfig> {
  type: C['type'];
  /** @throws NewswatchError 'CONFIG_INVALID' when the config cannot work (never deferred to send time). */
  create(config: C, deps: NotifierDeps): Notifier;
}
