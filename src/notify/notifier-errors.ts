/** The two errors every notifier throws: bad config when it is built, a failed delivery when it sends. */
import { NewswatchError } from '../errors.js';
import type { NewswatchErrorOptions } from '../errors.js';
import { scrubSecrets } from './mask.js';

/** A config the notifier cannot work with; never retryable. The problem text must not hold a secret. */
export function invalidConfig(notifierId: string, problem: string): NewswatchError {
  return new NewswatchError('CONFIG_INVALID', `notifier ${notifierId}: ${problem}`, { retryable: false });
}

/** A delivery attempt that failed, with every secret scrubbed from the message. */
export function deliveryFailed(
  message: string,
  secrets: readonly string[],
  options: NewswatchErrorOptions & { retryable: boolean },
): NewswatchError {
  return new NewswatchError('NOTIFY_FAILED', scrubSecrets(message, secrets), options);
}
