// The one resilience wrapper around every vendor attempt (requestJson and requestStream call it):
// deadline → retry (cockatiel, exponential backoff with jitter, Retry-After up to a cap, retry
// budget) → quota → circuit breaker → the HTTP exchange. Only reads and writes the vendor documents
// as idempotent are retried; a write that may have reached the vendor ends as UPSTREAM_OUTCOME_UNKNOWN.
import { ExponentialBackoff, handleWhen, type IBackoff, type IBackoffFactory, type IRetryBackoffContext, retry } from 'cockatiel';
import type { Vendor } from '../domain/vendor.js';
import { GatewayError } from '../errors.js';
import { type BreakerStatus, VendorBreaker } from './breaker.js';
import { AdaptiveConcurrency } from './concurrency.js';
import { stoppedError, timeLeftMs } from './deadline.js';
import type { ResilienceSettings } from './env.js';
import { isTransient, outcomeUnknown, unknownOutcome } from './outcome.js';
import { AdaptiveQuota, type QuotaStatus, type VendorQuotaStore } from './quota.js';
import { RetryBudget } from './retry-budget.js';

export interface CallInfo {
  operation: string;
  /** Safe to send twice: reads, and writes the vendor documents as idempotent. */
  idempotent: boolean;
  /** False for streamed bodies: a consumer that has seen half a body cannot be run again. */
  retry: boolean;
}

export interface ResilienceStatus {
  breaker: BreakerStatus;
  quota: QuotaStatus;
  concurrency: { cap: number; waiting: number };
}

export class VendorResilience {
  private readonly breaker: VendorBreaker;
  private readonly quota: AdaptiveQuota;
  private readonly concurrency: AdaptiveConcurrency;
  private readonly budget: RetryBudget;

  constructor(
    readonly vendor: Vendor,
    readonly settings: ResilienceSettings,
    quotaStore?: VendorQuotaStore,
  ) {
    this.breaker = new VendorBreaker(vendor, settings.breakerThreshold, settings.breakerCooldownMs);
    this.quota = new AdaptiveQuota(vendor, settings.rateLimit, settings.rateFloor, settings.queueMax, quotaStore);
    this.concurrency = new AdaptiveConcurrency(vendor, settings.concurrency, settings.queueMax, () => this.quota.share());
    this.budget = new RetryBudget(settings.budgetRatio, settings.budgetMin);
  }

  status(): ResilienceStatus {
    return {
      breaker: this.breaker.status(),
      quota: this.quota.status(),
      concurrency: { cap: this.concurrency.cap(), waiting: this.concurrency.waiting },
    };
  }

  /** Runs `attempt` (one HTTP exchange, numbered from 1) under the vendor's policies. */
  async run<T>(call: CallInfo, attempt: (attemptNo: number) => Promise<T>): Promise<T> {
    let attempts = 0;
    const mayRetry = (error: Error) =>
      call.retry &&
      call.idempotent &&
      attempts < this.settings.maxAttempts &&
      isTransient(error) &&
      (error.retryAfterSeconds ?? 0) * 1000 <= this.settings.maxDelayMs &&
      // A wait that reaches the deadline would only turn the vendor's 429 into UPSTREAM_TIMEOUT.
      (error.retryAfterSeconds ?? 0) * 1000 < timeLeftMs() &&
      this.budget.tryRetry();
    const policy = retry(handleWhen(mayRetry), {
      maxAttempts: this.settings.maxAttempts - 1,
      backoff: new RetryAfterBackoff(
        new ExponentialBackoff({ initialDelay: this.settings.baseDelayMs, maxDelay: this.settings.maxDelayMs }),
      ),
    });
    this.budget.recordCall();
    try {
      return await policy.execute(() => {
        attempts += 1;
        return this.once(attempts, attempt);
      });
    } catch (error) {
      if (!call.idempotent && outcomeUnknown(error)) throw unknownOutcome(error, call.operation);
      throw error;
    }
  }

  private async once<T>(attemptNo: number, attempt: (attemptNo: number) => Promise<T>): Promise<T> {
    const stopped = stoppedError(this.vendor);
    if (stopped) throw stopped;
    try {
      // The quota is taken outside the breaker: a refused or abandoned slot is no evidence about the vendor.
      this.breaker.assertNotOpen();
      await this.quota.acquire();
      const leave = await this.concurrency.enter();
      try {
        return await this.breaker.execute(() => attempt(attemptNo));
      } finally {
        leave();
      }
    } catch (error) {
      if (error instanceof GatewayError && error.httpStatus === 429) this.quota.throttled();
      throw error;
    }
  }
}

/**
 * Cockatiel's exponential backoff (decorrelated jitter), except that a vendor's `Retry-After` is
 * waited for instead (mayRetry has already refused one above the cap or reaching the deadline), and no wait outlasts the
 * request's deadline.
 */
class RetryAfterBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly inner: IBackoffFactory<unknown>,
    readonly duration = 0,
  ) {}

  next(context: IRetryBackoffContext<unknown>): RetryAfterBackoff {
    const inner = this.inner.next(context) as IBackoff<unknown>;
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof GatewayError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
    return new RetryAfterBackoff(inner, Math.max(0, Math.min(asked ?? inner.duration, timeLeftMs())));
  }
}
