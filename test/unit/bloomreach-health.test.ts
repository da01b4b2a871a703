// Bloomreach health is judged from the exports the gateway makes anyway; an export refused by this
// process's own snapshot budget says nothing about the vendor.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { ExportHealth } from '../../src/vendors/bloomreach/health.js';
import { SnapshotBudgetError } from '../../src/vendors/bloomreach/snapshot.js';

describe('ExportHealth', () => {
  const fresh = () => new ExportHealth(60_000, () => Promise.reject(new Error('no probe expected')));

  it('stays UP after an export this process refused for its snapshot budget', async () => {
    const health = fresh();
    health.record();
    const refused = new GatewayError('UPSTREAM_UNAVAILABLE', 'BLOOMREACH export not kept: …', {
      vendor: 'BLOOMREACH',
      retryable: true,
      cause: new SnapshotBudgetError(1_000, 600, 500, 1),
    });
    await expect(health.track(Promise.reject(refused))).rejects.toBe(refused);
    await expect(health.check()).resolves.toBeUndefined();
  });

  it('reports the same code from the vendor as DOWN', async () => {
    const health = fresh();
    health.record();
    health.record(new GatewayError('UPSTREAM_UNAVAILABLE', 'BLOOMREACH answered 503', { vendor: 'BLOOMREACH', retryable: true }));
    await expect(health.check()).rejects.toThrow(/the last export \(\d+ m?s ago\) failed: BLOOMREACH answered 503/);
  });
});
