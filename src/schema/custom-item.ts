// Custom items: vendor-defined records that hang off a customer (Mautic Custom Objects) or a site
// (SFCC custom objects). `Customer.customItems` serves a page of customers from the embed the
// customer list already carried, so it costs no vendor call per customer.
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type { CustomItemRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import { localId } from '../ids.js';
import { forwardWindow } from '../pagination/args.js';
import { pageOfArray, toConnection } from '../pagination/connection.js';
import { customItemLocator, refOfRecord } from '../sources/custom-items.js';
import { ALL_FIELDS, type SelectedFields } from '../sources/sites.js';
import { CustomerRef } from './customer.js';
import { fieldsKey } from './field-selection.js';
import { customerLoader, loadByLocalIds } from './loaders.js';
import { VendorEnum } from './vendor-enum.js';

export const CustomItemRef = builder.objectRef<CustomItemRecord>('CustomItem');

/** CustomItem fields whose values come from the vendor's document (the rest follow from the locator). */
export const CUSTOM_ITEM_CONTENT = ['name', 'attributes', 'createdAt', 'updatedAt'] as const;

/** One loader per (vendor, fields read): the same item asked twice in a query is one vendor call. */
export function customItemLoader(ctx: GatewayContext, vendor: Vendor, fields: SelectedFields = ALL_FIELDS) {
  const load = ctx.sources.op(vendor, 'customItems.load');
  return ctx.scope.loader<string, CustomItemRecord>(`custom-item:${vendor}:${fieldsKey(fields)}`, (locators) =>
    load(ctx.scope, locators, fields),
  );
}

builder.node(CustomItemRef, {
  description:
    'A record of a vendor-defined object type: an SFCC custom object of a site (keyed by object type and key) ' +
    'or a Mautic Custom Object item linked to a contact (keyed by object alias and item id).',
  id: { resolve: (c) => localId(c.vendor, customItemLocator(refOfRecord(c))) },
  loadMany: (ids, ctx) => loadByLocalIds('CustomItem', ids, (vendor, locator) => customItemLoader(ctx, vendor).load(locator)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (c) => c.vendor }),
    vendorId: t.exposeString('vendorId', { description: "The vendor's own id: Mautic's item id; for SFCC `site:objectType:key`." }),
    objectType: t.exposeString('objectType', { description: 'SFCC object type id, or Mautic Custom Object alias.' }),
    key: t.exposeString('key', { description: 'SFCC object key, or Mautic item id.' }),
    name: t.exposeString('name', { nullable: true, description: 'Mautic item name; SFCC custom objects have none.' }),
    attributes: t.field({
      type: 'JSON',
      description: 'Custom field values as the vendor names them (SFCC with the `c_` prefix, Mautic by field alias).',
      resolve: (c) => c.attributes,
    }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.updatedAt }),
    version: t.exposeString('version', {
      nullable: true,
      description: 'Optimistic-locking token (SFCC `_resource_state`); send it back as `expectedVersion`. Null where the vendor has none.',
    }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      description: 'The customer the item was read through, where items hang off customers.',
      resolve: (c, _args, ctx) => (c.customerVendorId ? customerLoader(ctx, c.vendor).load(c.customerVendorId) : null),
    }),
  }),
});

builder.objectField(CustomerRef, 'customItems', (t) =>
  t.connection(
    {
      type: CustomItemRef,
      nullable: true,
      description:
        "The customer's custom items, newest first within each object type. Mautic returns one fixed window (its " +
        '`meta.page.size`; 50 in the plugin doc) of object types and of the newest items per type, and offers no way past ' +
        'them: `possiblyTruncated` says when items or whole object types may be hidden.',
      args: { objectType: t.arg.string({ description: 'Only items of this object type (Mautic alias).' }) },
      resolve: async (customer, args, ctx) => {
        const objectType = args.objectType ?? undefined;
        const window = forwardWindow(args, 'customer.customItems', customer.vendor, { customer: customer.vendorId, objectType });
        const forCustomer = ctx.sources.op(customer.vendor, 'customItems.forCustomer');
        const embedded = await forCustomer(ctx.scope, customer);
        const items = objectType ? embedded.items.filter((i) => i.objectType === objectType) : embedded.items;
        // A type past the vendor's window of object types is missing whole; a listed type only by its own window.
        const listed = objectType !== undefined && embedded.items.some((i) => i.objectType === objectType);
        const typeHidden = embedded.typesPossiblyMissing === true && !listed;
        const itemsHidden = objectType ? embedded.truncatedTypes.includes(objectType) : embedded.truncatedTypes.length > 0;
        const possiblyTruncated = typeHidden || itemsHidden;
        const page = pageOfArray(window, items);
        // A count of what the window showed would understate a truncated list: unknown is honest.
        if (possiblyTruncated) page.totalCount = () => Promise.resolve(null);
        return { ...toConnection(window, page), possiblyTruncated };
      },
    },
    {
      name: 'CustomItemConnection',
      fields: (c) => ({
        possiblyTruncated: c.exposeBoolean('possiblyTruncated', {
          description:
            "True when a vendor's fixed window (Mautic: `meta.page.size` object types, and newest items per type) was full, " +
            'so items beyond it may exist.',
        }),
      }),
    },
    { name: 'CustomItemEdge' },
  ),
);
