// The resilience building blocks at their boundaries, with explicit clocks: no waiting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callSignal } from '../../src/http/call-signal.js';
import { deadlineOf, releaseDeadlines, requestDeadline } from '../../src/resilience/deadline.js';
import { AdaptiveQuota } from '../../src/resilience/quota.js';
import { retryAfterSeconds } from '../../src/resilience/retry-after.js';
import { RetryBudget } from '../../src/resilience/retry-budget.js';

describe('AdaptiveQuota', () => {
  it('halves at most once a second under a 429 storm, down to the floor and no further', () => {
    const quota = new AdaptiveQuota('PIMCORE', 8, 1, 10);
    const t0 = Date.now();
    const rates: (number | undefined)[] = [];
    for (const at of [t0, t0 + 500, t0 + 1_000, t0 + 2_000, t0 + 3_000, t0 + 4_000]) {
      quota.throttled(at);
      rates.push(quota.status().perSecond);
    }
    expect(rates).toEqual([4, 4, 2, 1, 1, 1]);
    expect(quota.status().lowered).toBe(true);
  });

  it('restores the configured rate once the vendor has been quiet for a recovery step', () => {
    const quota = new AdaptiveQuota('PIMCORE', 8, 1, 10);
    quota.throttled(Date.now() - 10_000);
    expect(quota.status()).toEqual({ perSecond: 8, lowered: false, waiting: 0 });
  });

  it('with no configured limit, a storm limits the vendor to half the observed rate, and recovery lifts the limit', () => {
    const quota = new AdaptiveQuota('PIMCORE', 0, 1, 10);
    expect(quota.status().perSecond).toBeUndefined();
    quota.throttled(Date.now() - 10_000);
    // Nothing observed before the storm: the limit drops to the floor, and one quiet step lifts it.
    expect(quota.status()).toEqual({ perSecond: undefined, lowered: false, waiting: 0 });
  });
});

describe('RetryBudget', () => {
  it('allows the minimum plus the ratio of recent first attempts, and not one retry more', () => {
    const budget = new RetryBudget(0.2, 2);
    const now = Date.now();
    for (let i = 0; i < 10; i += 1) budget.recordCall(now);
    const granted = Array.from({ length: 6 }, () => budget.tryRetry(now));
    expect(granted).toEqual([true, true, true, true, false, false]);
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds and HTTP dates, ignores anything else', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(retryAfterSeconds('1', now)).toBe(1);
    expect(retryAfterSeconds('Mon, 30 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
  });
});

describe('requestDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('unreleased, it aborts at its timeout; released, neither its timer nor its client aborts it', () => {
    vi.useFakeTimers();
    const kept = requestDeadline(undefined, 1_000);
    const client = new AbortController();
    const released = requestDeadline(client.signal, 1_000);
    released.release();
    vi.advanceTimersByTime(999);
    expect(kept.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(kept.signal.aborted).toBe(true);
    client.abort();
    vi.advanceTimersByTime(10_000);
    expect(released.signal.aborted).toBe(false);
  });

  it('releaseDeadlines(request) releases every deadline taken for that request, and only those', () => {
    vi.useFakeTimers();
    const answered = new Request('http://gateway.test/graphql');
    const other = new Request('http://gateway.test/graphql');
    const first = deadlineOf(answered, 1_000);
    const second = deadlineOf(answered, 1_000);
    const pending = deadlineOf(other, 1_000);
    releaseDeadlines(answered);
    vi.advanceTimersByTime(1_000);
    expect([first.signal.aborted, second.signal.aborted, pending.signal.aborted]).toEqual([false, false, true]);
  });
});

describe('callSignal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says whether its deadline or its client aborted it, with the client’s reason passed on', () => {
    vi.useFakeTimers();
    const timed = callSignal(undefined, 500, 'vendor call too slow');
    const client = new AbortController();
    const cancelled = callSignal(client.signal, 500);
    client.abort(new Error('client gone'));
    expect([cancelled.signal.aborted, cancelled.timedOut, (cancelled.signal.reason as Error).message]).toEqual([
      true,
      false,
      'client gone',
    ]);
    vi.advanceTimersByTime(499);
    expect([timed.signal.aborted, timed.timedOut]).toEqual([false, false]);
    vi.advanceTimersByTime(1);
    expect([timed.signal.aborted, timed.timedOut, (timed.signal.reason as DOMException).name]).toEqual([true, true, 'TimeoutError']);
    // Its timer fired too, unreleased: the client, which aborted first, stays the cause.
    expect([cancelled.timedOut, (cancelled.signal.reason as Error).message]).toEqual([false, 'client gone']);
  });

  it('can be released through a detached reference, as callers destructure it', () => {
    vi.useFakeTimers();
    const client = new AbortController();
    const { signal, release } = callSignal(client.signal, 500);
    release();
    client.abort();
    vi.advanceTimersByTime(1_000);
    expect(signal.aborted).toBe(false);
  });
});
