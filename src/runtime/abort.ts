/**
 * Per-call abort controllers linked to the caller's and the client's signals, plus a timeout
 * that covers the call until its response starts.
 *
 * Each outside signal gets one listener however many calls it governs (a shared signal on 500
 * concurrent calls would otherwise trip Node's listener-leak warning), and the links are dropped
 * when a call is done.
 * @module
 */

const links = new WeakMap<AbortSignal, Set<AbortController>>();

function onSignalAbort(this: AbortSignal): void {
  const controllers = links.get(this);
  links.delete(this);
  if (controllers === undefined) return;
  for (const controller of controllers) controller.abort(this.reason);
}

function link(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  let controllers = links.get(signal);
  if (controllers === undefined) {
    controllers = new Set();
    links.set(signal, controllers);
    signal.addEventListener('abort', onSignalAbort, { once: true });
  }
  controllers.add(controller);
  return () => {
    const current = links.get(signal);
    if (current === undefined) return;
    current.delete(controller);
    if (current.size === 0) {
      links.delete(signal);
      signal.removeEventListener('abort', onSignalAbort);
    }
  };
}

/** One call's abort state. @internal */
export interface CallScope {
  /**
   * Aborts when any linked signal aborts or the timeout fires; `undefined` when the call has
   * neither a signal nor a timeout (no controller is made: the common case stays cheap).
   */
  readonly signal: AbortSignal | undefined;
  /** The response started: the timeout no longer applies. */
  started(): void;
  /** The call is over (body read, failed or cancelled): unlink everything. Idempotent. */
  done(): void;
}

const noop = (): void => undefined;
const UNSCOPED: CallScope = { signal: undefined, started: noop, done: noop };

/**
 * A call scope linked to `signals` (undefined ones skipped), timing out after `timeoutMs`.
 * @internal
 */
export function callScope(
  signals: ReadonlyArray<AbortSignal | undefined>,
  timeoutMs: number | undefined,
  operation: string,
): CallScope {
  if (timeoutMs === undefined && signals.every((s) => s === undefined)) return UNSCOPED;
  const controller = new AbortController();
  const unlinks = signals.flatMap((s) => (s === undefined ? [] : [link(s, controller)]));
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutMs !== undefined && !controller.signal.aborted) {
    timer = setTimeout(() => {
      controller.abort(
        new DOMException(
          `${operation} timed out after ${timeoutMs} ms (timeoutMs) before the response started`,
          'TimeoutError',
        ),
      );
    }, timeoutMs);
    // Referenced, like every wait of a pending call: it is cleared when the response starts,
    // so it never holds a process open after the call, and a transport that holds no handle
    // of its own cannot let the process exit before the timeout reports.
  }
  const started = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  let finished = false;
  return {
    signal: controller.signal,
    started,
    done: () => {
      if (finished) return;
      finished = true;
      started();
      for (const unlink of unlinks) unlink();
    },
  };
}

/**
 * `promise`, or the signal's reason as soon as `signal` aborts, whichever comes first: a
 * transport that ignores the abort signal cannot hold a call past its timeout.
 * @internal
 */
export function raceAbort<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  // A mocked send() may answer synchronously: normalize to a promise.
  const promise = Promise.resolve(pending);
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
