// The abort signal of one vendor call: its deadline, combined with the signal of the client it is
// for (a client that goes away cancels its vendor calls). Released the moment the call settles:
// `AbortSignal.timeout` + `AbortSignal.any` kept every call's signals, listeners and what they
// reach alive until the deadline passed (30 s at the default timeout), which under load promoted
// them all to the old generation and roughly doubled the gateway's RSS (bench/RESULTS.md).
import { currentRequest } from '../request-context.js';

export interface CallSignal {
  readonly signal: AbortSignal;
  /** True when the deadline, not the client, aborted the call. */
  readonly timedOut: boolean;
  /** Clears the deadline and unhooks the client's signal; call when the call has settled. */
  release(): void;
}

export function callSignal(own: AbortSignal | undefined, timeoutMs: number, why = 'The operation was aborted due to timeout'): CallSignal {
  return new DeadlineSignal(own ?? currentRequest()?.signal, timeoutMs, why);
}

/**
 * A class rather than an object literal with a `timedOut` getter: V8 allocates a literal's accessor
 * pair in the old generation, and from there it kept each call's controller, timer and closures
 * alive through every scavenge until the next Mark-Compact (bench/RESULTS.md, fifth pass).
 */
class DeadlineSignal implements CallSignal {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private expired = false;
  private readonly onClientAbort = () => this.controller.abort(this.client?.reason);

  constructor(
    private readonly client: AbortSignal | undefined,
    timeoutMs: number,
    why: string,
  ) {
    this.timer = setTimeout(() => {
      // Only when the deadline is what aborts: a client that left first keeps the cause.
      if (this.controller.signal.aborted) return;
      this.expired = true;
      this.controller.abort(new DOMException(why, 'TimeoutError'));
    }, timeoutMs);
    this.timer.unref();
    if (client?.aborted) this.controller.abort(client.reason);
    else client?.addEventListener('abort', this.onClientAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.expired;
  }

  /** A bound field, not a method: callers destructure it (src/resilience/deadline.ts). */
  readonly release = (): void => {
    clearTimeout(this.timer);
    this.client?.removeEventListener('abort', this.onClientAbort);
  };
}
