import { builder } from '../builder.js';
import type { ActivityRecord } from '../domain/model.js';
import { localId } from '../ids.js';
import { forwardWindow } from '../pagination/args.js';
import { connectionOf } from '../pagination/connection.js';
import { CustomerRef } from './customer.js';
import { customerLoader, entityLoader, loadByLocalIds } from './loaders.js';
import { VendorEnum } from './vendor-enum.js';

export const ActivityRef = builder.objectRef<ActivityRecord>('Activity');

builder.node(ActivityRef, {
  description: 'Something a customer did (an order, a page view, a signup), as one vendor recorded it.',
  id: { resolve: (a) => localId(a.vendor, a.vendorId) },
  loadMany: (ids, ctx) =>
    loadByLocalIds('Activity', ids, (vendor, id) => {
      const load = ctx.sources.op(vendor, 'activities.load');
      return entityLoader(ctx, `activity:${vendor}`, (keys) => load(ctx.scope, keys)).load(id);
    }),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (a) => a.vendor }),
    vendorId: t.exposeString('vendorId'),
    type: t.exposeString('type'),
    occurredAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.occurredAt }),
    attributes: t.field({ type: 'JSON', resolve: (a) => a.attributes }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.updatedAt }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      resolve: (a, _args, ctx) => (a.customerVendorId ? customerLoader(ctx, a.vendor).load(a.customerVendorId) : null),
    }),
  }),
});

/** A vendor's activities and a customer's are the same connection type. */
const ActivityConnectionRef = builder.connectionObject({ type: ActivityRef, name: 'ActivityConnection' }, { name: 'ActivityEdge' });

const ActivityFilterInput = builder.inputType('ActivityFilter', {
  fields: (t) => ({
    type: t.string({ required: false }),
    modifiedSince: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.queryField('activities', (t) =>
  t.connection(
    {
      type: ActivityRef,
      nullable: true,
      args: { vendor: t.arg({ type: VendorEnum, required: true }), filter: t.arg({ type: ActivityFilterInput }) },
      resolve: async (_root, args, ctx) => {
        const filter = { type: args.filter?.type ?? undefined, modifiedSince: args.filter?.modifiedSince ?? undefined };
        const window = forwardWindow(args, 'activities', args.vendor, filter);
        const list = ctx.sources.op(args.vendor, 'activities.list');
        return connectionOf(window, () => list(ctx.scope, filter, window));
      },
    },
    ActivityConnectionRef,
  ),
);

builder.objectField(CustomerRef, 'activities', (t) =>
  t.connection(
    {
      type: ActivityRef,
      nullable: true,
      description: "The customer's activities, oldest first.",
      resolve: async (customer, args, ctx) => {
        const window = forwardWindow(args, 'customer.activities', customer.vendor, customer.vendorId);
        const forCustomer = ctx.sources.op(customer.vendor, 'activities.forCustomer');
        return connectionOf(window, () => forCustomer(ctx.scope, customer, window));
      },
    },
    ActivityConnectionRef,
  ),
);
