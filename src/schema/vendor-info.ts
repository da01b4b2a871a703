import { builder } from '../builder.js';
import type { Vendor } from '../domain/vendor.js';
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

const VendorInfoRef = builder.objectRef<{ vendor: Vendor }>('VendorInfo').implement({
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (v) => v.vendor }),
    capabilities: t.stringList({
      description: 'Operations this vendor supports here, e.g. `customers.list`, `customers.create`.',
      resolve: (v, _args, ctx) => ctx.sources.capabilities(v.vendor),
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
