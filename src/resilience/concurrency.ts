// A vendor's concurrency, lowered with its rate while it answers 429: a vendor over its quota is
// often over its concurrent-request limit too, and fewer calls in flight drain its queue sooner.
// The cap follows the adaptive quota's share (rate now / rate before the storm), so it is lowered and
// restored in the same steps, with no recovery logic of its own. Unlowered, it never waits: the
// undici pool (`<VENDOR>_MAX_CONNECTIONS`) already bounds calls in flight.
import type { Vendor } from '../domain/vendor.js';
import { UpstreamError } from '../errors.js';
import { currentRequest } from '../request-context.js';
import { markNotSent } from './outcome.js';

export class AdaptiveConcurrency {
  private inFlight = 0;
  private readonly waiters: { admit: () => void }[] = [];

  /**
   * @param normal calls in flight allowed when the vendor is not throttling (its pool size)
   * @param share the adaptive quota's rate now over its rate before the storm (1 when not lowered)
   */
  constructor(
    private readonly vendor: Vendor,
    private readonly normal: number,
    private readonly queueMax: number,
    private readonly share: () => number,
  ) {}

  /** Calls in flight allowed now. */
  cap(): number {
    return Math.max(1, Math.floor(this.normal * Math.min(1, this.share())));
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Takes a slot, waiting (at most QUEUE_MAX callers, never past the request's end) while the lowered
   * cap is reached; returns the function that gives it back.
   */
  async enter(): Promise<() => void> {
    // A queued caller is admitted with its slot already counted (admitNext), so no one overtakes it.
    if (this.inFlight < this.cap()) this.inFlight += 1;
    else await this.queue();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight -= 1;
      this.admitNext();
    };
  }

  private queue(): Promise<void> {
    if (this.waiters.length >= this.queueMax) return Promise.reject(this.rejected());
    const signal = currentRequest()?.signal;
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(this.rejected());
      };
      if (signal?.aborted) return reject(this.rejected());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private admitNext(): void {
    // The cap may have been restored meanwhile: admit as many as it now allows.
    while (this.waiters.length > 0 && this.inFlight < this.cap()) {
      this.inFlight += 1;
      this.waiters.shift()?.admit();
    }
  }

  private rejected(): UpstreamError {
    return markNotSent(
      new UpstreamError('UPSTREAM_RATE_LIMITED', `${this.vendor} is throttling: its lowered concurrency is spent; no call was made`, {
        vendor: this.vendor,
        retryable: true,
        retryAfterSeconds: 1,
      }),
    );
  }
}
