// The lowered concurrency cap at its boundaries: admitted up to the cap, queued up to QUEUE_MAX, one
// over refused at once, queued callers admitted in order as slots free, and a departed caller's place
// given up. No timing: slots are freed by hand.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { runInRequest } from '../../src/request-context.js';
import { AdaptiveConcurrency } from '../../src/resilience/concurrency.js';

describe('AdaptiveConcurrency', () => {
  it('follows the quota share: the pool size unlowered, a share of it lowered, never below 1', () => {
    let share = 1;
    const gate = new AdaptiveConcurrency('PIMCORE', 8, 10, () => share);
    expect(gate.cap()).toBe(8);
    share = 0.5;
    expect(gate.cap()).toBe(4);
    share = 0.01;
    expect(gate.cap()).toBe(1);
  });

  it('admits up to the cap, queues QUEUE_MAX more in order, refuses one over at once, and admits as slots free', async () => {
    const gate = new AdaptiveConcurrency('PIMCORE', 4, 2, () => 0.5);
    const leaves = [await gate.enter(), await gate.enter()];
    const admitted: number[] = [];
    const third = gate.enter().then((leave) => {
      admitted.push(3);
      return leave;
    });
    const fourth = gate.enter().then((leave) => {
      admitted.push(4);
      return leave;
    });
    expect(gate.waiting).toBe(2);
    const over = await gate.enter().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(over).toBeInstanceOf(GatewayError);
    expect((over as GatewayError).code).toBe('UPSTREAM_RATE_LIMITED');
    leaves[0]?.();
    leaves[0]?.(); // a second call of the same release frees nothing more
    await third;
    expect(admitted).toEqual([3]);
    expect(gate.waiting).toBe(1);
    leaves[1]?.();
    await fourth;
    expect(admitted).toEqual([3, 4]);
    expect(gate.waiting).toBe(0);
  });

  it('a queued caller whose request ends leaves the queue with UPSTREAM_RATE_LIMITED, and its place is not taken by it later', async () => {
    const gate = new AdaptiveConcurrency('PIMCORE', 1, 5, () => 1);
    const leave = await gate.enter();
    const controller = new AbortController();
    const waiting = runInRequest({ requestId: 'r', signal: controller.signal }, () => gate.enter());
    expect(gate.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(gate.waiting).toBe(0);
    leave();
    // The slot is free again for the next caller at once.
    const next = await gate.enter();
    next();
  });
});
