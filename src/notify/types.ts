/** The notifier contract, apart from index.ts so each notifier file can import it without a cycle. */
import type { Logger } from 'pino';
import type { NotifierConfig } from '../config/types.js';
import type { Alert } from '../types.js';

/** Per-delivery context handed to `send`. */
export interface SendContext {
  signal?: AbortSignal;
  logger?: Logger;
}

/** A built notifier: one configured target that alerts can be delivered to. */
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
