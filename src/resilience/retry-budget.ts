// A vendor's retry budget: retries may add at most `ratio` of the calls made in the last 10 s (plus a
// small fixed allowance, so a quiet vendor can still be retried). During an outage every first
// attempt fails; without a budget each would be tried RETRY_MAX_ATTEMPTS times and the gateway would
// multiply the load on a vendor that is already failing. Per replica: each gateway process keeps its own.
import { WindowCounter } from './window-counter.js';

const WINDOW_SECONDS = 10;

export class RetryBudget {
  private readonly calls = new WindowCounter(WINDOW_SECONDS);
  private readonly retries = new WindowCounter(WINDOW_SECONDS);

  constructor(
    private readonly ratio: number,
    private readonly minimum: number,
  ) {}

  /** A first attempt was made. */
  recordCall(now = Date.now()): void {
    this.calls.add(now);
  }

  /** Takes one retry from the budget; false when it is spent (the call is not retried). */
  tryRetry(now = Date.now()): boolean {
    if (this.retries.total(now) >= this.minimum + this.ratio * this.calls.total(now)) return false;
    this.retries.add(now);
    return true;
  }
}
