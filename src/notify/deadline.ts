/**
 * One total deadline per delivery attempt, tied to the caller's signal. Not `AbortSignal.any`: combined with a
 * long-lived shutdown signal it keeps every dependent signal alive on Node 20/22 (nodejs/node#55351), a leak in a
 * daemon that sends for weeks. Here `dispose()` unhooks the listener and clears the timer.
 */

/** An abort signal that fires at the deadline or when the caller aborts. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True when the deadline, not the caller, aborted the signal. */
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal; call once the attempt is over. */
  dispose(): void;
}

/** Starts a deadline of `timeoutMs` that also follows `callerSignal`. */
export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`deadline of ${timeoutMs} ms exceeded`, 'TimeoutError'));
  }, timeoutMs);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
