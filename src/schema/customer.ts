import { builder } from '../builder.js';
import type { CustomerRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import { badUserInput } from '../errors.js';
import { expectId, localId } from '../ids.js';
import { forwardWindow } from '../pagination/args.js';
import { connectionOf } from '../pagination/connection.js';
import type { CustomerFilter } from '../sources/customers.js';
import { customerLoader, loadByLocalIds } from './loaders.js';
import { customerInclude } from './selection.js';
import { VendorEnum } from './vendor-enum.js';

export const CustomerRef = builder.objectRef<CustomerRecord>('Customer');

builder.node(CustomerRef, {
  description: 'A person as one vendor knows them. `linkedProfiles` joins the same person at the other vendors.',
  id: { resolve: (c) => localId(c.vendor, c.vendorId) },
  loadMany: (ids, ctx) => loadByLocalIds('Customer', ids, (vendor, id) => customerLoader(ctx, vendor).load(id)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (c) => c.vendor }),
    vendorId: t.exposeString('vendorId', { description: "The vendor's own id." }),
    email: t.exposeString('email', { nullable: true }),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    customId: t.exposeString('customId', { nullable: true, description: 'Organisation-wide customer number, where the vendor holds one.' }),
    attributes: t.field({ type: 'JSON', description: 'Vendor fields without a common meaning, untouched.', resolve: (c) => c.attributes }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.updatedAt }),
  }),
});

/** Every list of customers (a vendor's, a segment's) is this one connection type. */
export const CustomerConnectionRef = builder.connectionObject({ type: CustomerRef, name: 'CustomerConnection' }, { name: 'CustomerEdge' });

const SegmentationFilter = builder.inputType('SegmentationFilter', {
  description: 'Membership in one segment of a segmentation; index -1 means "in no segment".',
  fields: (t) => ({
    id: t.string({ required: true }),
    index: t.int({ required: true }),
  }),
});

export const CustomerFilterInput = builder.inputType('CustomerFilter', {
  fields: (t) => ({
    segmentIds: t.idList({ required: false, description: 'Customers in any of these segments.' }),
    modifiedSince: t.field({ type: 'DateTime', required: false }),
    segmentation: t.field({ type: SegmentationFilter, required: false }),
  }),
});

interface CustomerFilterArgs {
  segmentIds?: (string | number)[] | null | undefined;
  modifiedSince?: Date | null | undefined;
  segmentation?: { id: string; index: number } | null | undefined;
}

export function toCustomerFilter(vendor: Vendor, args: CustomerFilterArgs | null | undefined): CustomerFilter {
  const segmentIds = args?.segmentIds?.map((id, i) => {
    const parsed = expectId(String(id), 'Segment', `filter.segmentIds.${i}`);
    if (parsed.vendor !== vendor)
      throw badUserInput(`filter.segmentIds.${i}`, `a ${parsed.vendor} segment cannot filter ${vendor} customers`);
    return parsed.nativeId;
  });
  if (args?.segmentation && args.segmentation.index < -1) throw badUserInput('filter.segmentation.index', 'must be -1 or more');
  return {
    segmentIds,
    modifiedSince: args?.modifiedSince ?? undefined,
    segmentation: args?.segmentation ?? undefined,
  };
}

builder.queryFields((t) => ({
  customers: t.connection(
    {
      type: CustomerRef,
      nullable: true,
      description: "One vendor's customers. Null with an error in `errors` when that vendor fails.",
      args: {
        vendor: t.arg({ type: VendorEnum, required: true }),
        filter: t.arg({ type: CustomerFilterInput }),
      },
      resolve: async (_root, args, ctx, info) => {
        const filter = toCustomerFilter(args.vendor, args.filter);
        const window = forwardWindow(args, 'customers', args.vendor, filter);
        const list = ctx.sources.op(args.vendor, 'customers.list');
        return connectionOf(window, () => list(ctx.scope, filter, window, customerInclude(info)));
      },
    },
    CustomerConnectionRef,
  ),
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx, info) => {
      const { vendor, nativeId } = expectId(String(args.id), 'Customer');
      return customerLoader(ctx, vendor, customerInclude(info)).load(nativeId);
    },
  }),
}));
