// A vendor's circuit breaker (cockatiel): after BREAKER_THRESHOLD consecutive outage failures the
// vendor's calls fail at once with UPSTREAM_UNAVAILABLE (retryable, with the cooldown left as
// `retryAfterSeconds`); after BREAKER_COOLDOWN_MS one probe call goes through and closes it again
// on success. State is per replica: each gateway process learns a vendor's health on its own.
// A probe that says nothing about the vendor (never sent, or stopped by its request's deadline or
// client) reopens the breaker: cockatiel 3.2.1 closes a half-open breaker on any error its filter
// does not handle, which would close it without evidence (a hung vendor whose probes the deadline cuts).
import { BrokenCircuitError, type CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import type { Vendor } from '../domain/vendor.js';
import { GatewayError, UpstreamError } from '../errors.js';
import { stoppedError, untilRequestStops } from './deadline.js';
import { isOutage, markNotSent, saysNothing } from './outcome.js';

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerStatus {
  state: BreakerState;
  /** The failure that opened it. */
  reason: string | undefined;
  /** Cooldown left while open. */
  retryAfterSeconds: number | undefined;
}

export class VendorBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;
  private reason: string | undefined;
  /** Set by cockatiel's half-open event, just before it calls the probe; taken by the probe. */
  private probeNext = false;
  /** Errors of probes that say nothing about the vendor: handled as failures, so the breaker stays open. */
  private readonly voidProbes = new WeakSet<object>();

  constructor(
    private readonly vendor: Vendor,
    threshold: number,
    private readonly cooldownMs: number,
  ) {
    const handled = handleWhen((error) => isOutage(error) || this.voidProbes.has(error));
    this.policy = circuitBreaker(handled, { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(threshold) });
    this.policy.onHalfOpen(() => {
      this.probeNext = true;
    });
    this.policy.onBreak((failure) => {
      this.openedAt = Date.now();
      const error = 'error' in failure ? failure.error : undefined;
      // A void probe reopens for another cooldown but is no new reason.
      if (error && this.voidProbes.has(error)) return;
      this.reason = error instanceof GatewayError ? `${error.code}: ${error.message}` : 'failures';
    });
    this.policy.onReset(() => {
      this.reason = undefined;
    });
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    try {
      // While half-open, cockatiel makes other calls wait for the probe's outcome: a request stops
      // waiting at its own deadline (a hung probe would otherwise hold it to the vendor timeout).
      return await untilRequestStops(
        this.policy.execute(() => this.attempt(fn)),
        this.vendor,
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.openError();
      throw error;
    }
  }

  /** Fails at once while open and cooling down, so a caller need not queue for a quota slot first. */
  assertNotOpen(): void {
    if (this.status().state === 'OPEN') throw this.openError();
  }

  private async attempt<T>(fn: () => Promise<T>): Promise<T> {
    const probe = this.probeNext;
    this.probeNext = false;
    try {
      // A call that waited for a probe runs only if its request still wants the answer.
      const stopped = stoppedError(this.vendor);
      if (stopped) throw stopped;
      return await fn();
    } catch (error) {
      if (probe && typeof error === 'object' && error !== null && saysNothing(error)) this.voidProbes.add(error);
      throw error;
    }
  }

  status(): BreakerStatus {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return { state: 'CLOSED', reason: undefined, retryAfterSeconds: undefined };
    if (state === CircuitState.HalfOpen) return { state: 'HALF_OPEN', reason: this.reason, retryAfterSeconds: undefined };
    const left = this.cooldownMs - (Date.now() - this.openedAt);
    // Open with the cooldown over: the next call is the probe.
    return {
      state: left > 0 ? 'OPEN' : 'HALF_OPEN',
      reason: this.reason,
      retryAfterSeconds: left > 0 ? Math.ceil(left / 1000) : undefined,
    };
  }

  private openError(): UpstreamError {
    const { retryAfterSeconds } = this.status();
    return markNotSent(
      new UpstreamError('UPSTREAM_UNAVAILABLE', `${this.vendor} is failing (circuit breaker open); no call was made`, {
        vendor: this.vendor,
        retryable: true,
        retryAfterSeconds: retryAfterSeconds ?? 1,
      }),
    );
  }
}
