import { builder } from '../builder.js';
import type { Vendor } from '../domain/vendor.js';
import type { ResilienceStatus } from '../resilience/policy.js';
import type { HealthReport } from '../sources/adapter.js';
import { VendorEnum } from './vendor-enum.js';

const HealthStatusEnum = builder.enumType('HealthStatus', { values: ['UP', 'DOWN'] as const });

const VendorHealthRef = builder.objectRef<HealthReport>('VendorHealth').implement({
  fields: (t) => ({
    status: t.field({ type: HealthStatusEnum, resolve: (h) => h.status }),
    latencyMs: t.exposeInt('latencyMs'),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const BreakerStateEnum = builder.enumType('BreakerState', { values: ['CLOSED', 'OPEN', 'HALF_OPEN'] as const });

const VendorResilienceRef = builder.objectRef<ResilienceStatus>('VendorResilience').implement({
  description: "This gateway process's view of the vendor: its circuit breaker and call quota (per replica).",
  fields: (t) => ({
    breaker: t.field({ type: BreakerStateEnum, resolve: (r) => r.breaker.state }),
    reason: t.string({
      nullable: true,
      description: 'The failure that opened the breaker, while it is not closed.',
      resolve: (r) => r.breaker.reason ?? null,
    }),
    retryAfterSeconds: t.int({
      nullable: true,
      description: 'Cooldown left before an open breaker lets a probe call through.',
      resolve: (r) => r.breaker.retryAfterSeconds ?? null,
    }),
    rateLimit: t.float({
      nullable: true,
      description: 'Calls per second now allowed; null: no limit.',
      resolve: (r) => r.quota.perSecond ?? null,
    }),
    rateLimitLowered: t.boolean({
      description: 'True while the quota is lowered because the vendor answered 429.',
      resolve: (r) => r.quota.lowered,
    }),
    queued: t.int({
      description: 'Calls waiting for the quota or for a slot under the lowered concurrency now.',
      resolve: (r) => r.quota.waiting + r.concurrency.waiting,
    }),
    concurrency: t.int({
      description: 'Calls in flight now allowed: the pool size, lowered with the rate while the vendor answers 429.',
      resolve: (r) => r.concurrency.cap,
    }),
  }),
});

const VendorInfoRef = builder.objectRef<{ vendor: Vendor }>('VendorInfo').implement({
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (v) => v.vendor }),
    capabilities: t.stringList({
      description: 'Operations this vendor supports here, e.g. `customers.list`, `customers.create`.',
      resolve: (v, _args, ctx) => ctx.sources.capabilities(v.vendor),
    }),
    resilience: t.field({
      type: VendorResilienceRef,
      nullable: true,
      description: 'Circuit breaker and quota as this gateway process sees them; no vendor call.',
      resolve: (v, _args, ctx) => ctx.sources.resilienceOf(v.vendor) ?? null,
    }),
    health: t.field({
      type: VendorHealthRef,
      description: 'Result of a cheap authenticated probe, cached for 10 seconds.',
      resolve: (v, _args, ctx) => ctx.sources.healthOf(v.vendor),
    }),
  }),
});

builder.queryField('vendors', (t) =>
  t.field({
    type: [VendorInfoRef],
    description: 'The vendors configured on this gateway.',
    resolve: (_root, _args, ctx) => ctx.sources.vendors.map((vendor) => ({ vendor })),
  }),
);
