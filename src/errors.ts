/**
 * The one error type newswatch throws on purpose. `code` is from a closed set so callers branch on it, and
 * `retryable` says whether trying the same thing again later can help (a 503 can; a 404 or a bad config cannot).
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'FETCH_FAILED',
  'FETCH_TIMEOUT',
  'FETCH_TOO_LARGE',
  'HTTP_STATUS',
  'SSRF_BLOCKED',
  'NOT_A_FEED',
  'PARSE_FAILED',
  'QUERY_INVALID',
  'MATCH_FAILED',
  'NOTIFY_FAILED',
  'REDIS_UNAVAILABLE',
  'STORE_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface NewswatchErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  /** Seconds the remote side asked us to wait (Retry-After), when it did. */
  retryAfterSec?: number;
  /** The HTTP status the remote side answered, when the failure was an HTTP reply. */
  httpStatus?: number;
}

export class NewswatchError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSec: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(code: ErrorCode, message: string, options: NewswatchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NewswatchError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterSec = options.retryAfterSec;
    this.httpStatus = options.httpStatus;
  }
}

/** Turns anything thrown (a string, an object, an Error) into an Error, keeping the original as `cause`. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown), { cause: thrown });
}

export function isRetryable(err: unknown): boolean {
  return err instanceof NewswatchError ? err.retryable : true;
}
