import { builder } from '../builder.js';
import type { DeletedEntityType, DeletionRecord } from '../domain/model.js';
import { NotFoundError } from '../errors.js';
import { localId } from '../ids.js';
import { loadByLocalIds } from './loaders.js';
import { VendorEnum } from './vendor-enum.js';

const DeletedEntityTypeEnum = builder.enumType('DeletedEntityType', { values: ['CUSTOMER', 'ACTIVITY'] as const });

export const DeletionRef = builder.objectRef<DeletionRecord>('Deletion');

// A tombstone has no id of its own at the vendor; its native id is entity type, entity id and
// deletion time, which is enough to find it again in the feed.
const nativeIdOf = (d: DeletionRecord) => `${d.entityType}:${d.entityVendorId}:${Math.floor(d.deletedAt.getTime() / 1000)}`;

builder.node(DeletionRef, {
  description: 'A tombstone from the vendor deletion feed, for incremental sync.',
  id: { resolve: (d) => localId(d.vendor, nativeIdOf(d)) },
  loadMany: (ids, ctx) =>
    loadByLocalIds('Deletion', ids, async (vendor, nativeId) => {
      const [entityType, entityId, seconds] = nativeId.split(':');
      const feed = ctx.sources.op(vendor, 'deletions.since');
      const since = new Date(Number(seconds) * 1000);
      const found = Number.isFinite(since.getTime())
        ? (await feed(ctx.scope, entityType as DeletedEntityType, since)).find((d) => nativeIdOf(d) === nativeId)
        : undefined;
      if (!found) throw new NotFoundError(`Deletion of ${entityType} ${entityId} not found at ${vendor}`, { vendor, id: nativeId });
      return found;
    }),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (d) => d.vendor }),
    vendorId: t.string({ description: 'Native id of the deleted entity.', resolve: (d) => d.entityVendorId }),
    entityType: t.field({ type: DeletedEntityTypeEnum, resolve: (d) => d.entityType }),
    deletedAt: t.field({ type: 'DateTime', resolve: (d) => d.deletedAt }),
    type: t.exposeString('type', { nullable: true }),
  }),
});

builder.queryField('deletions', (t) =>
  t.field({
    type: [DeletionRef],
    nullable: true,
    description: 'Deletions since a point in time (inclusive). Use the newest `deletedAt` as the next `since`.',
    args: {
      vendor: t.arg({ type: VendorEnum, required: true }),
      entityType: t.arg({ type: DeletedEntityTypeEnum, required: true }),
      since: t.arg({ type: 'DateTime' }),
    },
    resolve: (_root, args, ctx) => ctx.sources.op(args.vendor, 'deletions.since')(ctx.scope, args.entityType, args.since ?? undefined),
  }),
);
