// A vendor's circuit breaker (cockatiel): after BREAKER_THRESHOLD consecutive outage failures the
// vendor's calls fail at once with UPSTREAM_UNAVAILABLE (retryable, with the cooldown left as
// `retryAfterSeconds`); after BREAKER_COOLDOWN_MS one probe call goes through and closes it again
// on success. State is per replica: each gateway process learns a vendor's health on its own.
import { BrokenCircuitError, type CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import type { Vendor } from '../domain/vendor.js';
import { GatewayError, UpstreamError } from '../errors.js';
import { untilRequestStops } from './deadline.js';
import { isOutage, markNotSent } from './outcome.js';

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

  constructor(
    private readonly vendor: Vendor,
    threshold: number,
    private readonly cooldownMs: number,
  ) {
    this.policy = circuitBreaker(handleWhen(isOutage), { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(threshold) });
    this.policy.onBreak((failure) => {
      this.openedAt = Date.now();
      const error = 'error' in failure ? failure.error : undefined;
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
      return await untilRequestStops(this.policy.execute(fn), this.vendor);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.openError();
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
