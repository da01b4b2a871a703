// The abort signal of one vendor call: its deadline, combined with the signal of the client it is
// for (a client that goes away cancels its vendor calls). Released the moment the call settles:
// `AbortSignal.timeout` + `AbortSignal.any` kept every call's signals, listeners and what they
// reach alive until the deadline passed (30 s at the default timeout), which under load promoted
// them all to the old generation and roughly doubled the gateway's RSS (bench/RESULTS.md).
import { currentRequest } from '../request-context.js';

export interface CallSignal {
  signal: AbortSignal;
  /** True when the deadline, not the client, aborted the call. */
  readonly timedOut: boolean;
  /** Clears the deadline and unhooks the client's signal; call when the call has settled. */
  release(): void;
}

export function callSignal(own: AbortSignal | undefined, timeoutMs: number, why = 'The operation was aborted due to timeout'): CallSignal {
  const controller = new AbortController();
  const client = own ?? currentRequest()?.signal;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(why, 'TimeoutError'));
  }, timeoutMs);
  timer.unref();
  const onClientAbort = () => controller.abort(client?.reason);
  if (client?.aborted) controller.abort(client.reason);
  else client?.addEventListener('abort', onClientAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    release() {
      clearTimeout(timer);
      client?.removeEventListener('abort', onClientAbort);
    },
  };
}
