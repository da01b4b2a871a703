import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type { SegmentGroupRecord, SegmentRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import { localId } from '../ids.js';
import { forwardWindow } from '../pagination/args.js';
import { connectionOf } from '../pagination/connection.js';
import { CustomerConnectionRef, CustomerRef } from './customer.js';
import { entityLoader, loadByLocalIds } from './loaders.js';
import { customerInclude } from './selection.js';
import { VendorEnum } from './vendor-enum.js';

export const SegmentRef = builder.objectRef<SegmentRecord>('Segment');
export const SegmentGroupRef = builder.objectRef<SegmentGroupRecord>('SegmentGroup');

export function segmentLoader(ctx: GatewayContext, vendor: Vendor) {
  const load = ctx.sources.op(vendor, 'segments.load');
  return entityLoader(ctx, `segment:${vendor}`, (ids) => load(ctx.scope, ids));
}

export function segmentGroupLoader(ctx: GatewayContext, vendor: Vendor) {
  const load = ctx.sources.op(vendor, 'segments.loadGroups');
  return entityLoader(ctx, `segment-group:${vendor}`, (ids) => load(ctx.scope, ids));
}

builder.node(SegmentRef, {
  id: { resolve: (s) => localId(s.vendor, s.vendorId) },
  loadMany: (ids, ctx) => loadByLocalIds('Segment', ids, (vendor, id) => segmentLoader(ctx, vendor).load(id)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (s) => s.vendor }),
    vendorId: t.exposeString('vendorId'),
    name: t.exposeString('name'),
    reference: t.exposeString('reference', { nullable: true }),
    calculated: t.exposeBoolean('calculated', { nullable: true }),
    attributes: t.field({ type: 'JSON', resolve: (s) => s.attributes }),
    group: t.field({
      type: SegmentGroupRef,
      nullable: true,
      resolve: (s, _args, ctx) => (s.groupVendorId ? segmentGroupLoader(ctx, s.vendor).load(s.groupVendorId) : null),
    }),
    customers: t.connection(
      {
        type: CustomerRef,
        nullable: true,
        resolve: async (segment, args, ctx, info) => {
          const window = forwardWindow(args, 'segment.customers', segment.vendor, segment.vendorId);
          const members = ctx.sources.op(segment.vendor, 'segments.members');
          return connectionOf(window, () => members(ctx.scope, segment, window, customerInclude(info)));
        },
      },
      CustomerConnectionRef,
    ),
  }),
});

builder.node(SegmentGroupRef, {
  id: { resolve: (g) => localId(g.vendor, g.vendorId) },
  loadMany: (ids, ctx) => loadByLocalIds('SegmentGroup', ids, (vendor, id) => segmentGroupLoader(ctx, vendor).load(id)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (g) => g.vendor }),
    vendorId: t.exposeString('vendorId'),
    name: t.exposeString('name'),
    calculated: t.exposeBoolean('calculated', { nullable: true }),
    attributes: t.field({ type: 'JSON', resolve: (g) => g.attributes }),
    segments: t.field({
      type: [SegmentRef],
      description: 'Segments of this group (the whole segment list is read once per request).',
      resolve: async (group, _args, ctx) => {
        const all = await ctx.sources.op(group.vendor, 'segments.all')(ctx.scope);
        return all.filter((s) => s.groupVendorId === group.vendorId);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  segments: t.field({
    type: [SegmentRef],
    nullable: true,
    args: { vendor: t.arg({ type: VendorEnum, required: true }) },
    resolve: (_root, args, ctx) => ctx.sources.op(args.vendor, 'segments.all')(ctx.scope),
  }),
  segmentGroups: t.field({
    type: [SegmentGroupRef],
    nullable: true,
    args: { vendor: t.arg({ type: VendorEnum, required: true }) },
    resolve: (_root, args, ctx) => {
      const all = ctx.sources.op(args.vendor, 'segments.allGroups');
      return all(ctx.scope);
    },
  }),
}));

builder.objectField(CustomerRef, 'segments', (t) =>
  t.field({
    type: [SegmentRef],
    nullable: true,
    description: 'Segments the customer belongs to.',
    resolve: async (customer, _args, ctx) => {
      const all = ctx.sources.op(customer.vendor, 'segments.all');
      // An empty list would claim "in no segment"; a vendor that cannot tell says so instead.
      const ids = customer.segmentIds ?? (await ctx.sources.op(customer.vendor, 'segments.segmentIdsOf')(ctx.scope, customer));
      const wanted = new Set(ids);
      return (await all(ctx.scope)).filter((s) => wanted.has(s.vendorId));
    },
  }),
);
