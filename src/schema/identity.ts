// One person across vendors: `customersByEmail` and `Customer.linkedProfiles`. Every lookup goes
// through a per-request, per-vendor DataLoader, so a page of 50 customers asks each vendor once
// with 50 keys (the adapter decides how: a filtered list, an index, or a bounded fan-out).
import { z } from 'zod';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { normaliseEmail } from '../domain/email.js';
import type { CustomerRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import { asError } from '../sources/outcomes.js';
import { CustomerRef } from './customer.js';

type Key = 'email' | 'customId';

const LOOKUP = { email: 'customers.findByEmails', customId: 'customers.findByCustomIds' } as const;

function lookupLoader(ctx: GatewayContext, vendor: Vendor, key: Key) {
  const find = ctx.sources.op(vendor, LOOKUP[key]);
  return ctx.scope.loader<string, CustomerRecord[]>(`lookup:${key}:${vendor}`, (keys) => find(ctx.scope, keys));
}

/**
 * Customers at each vendor for one key, in the vendor order of the enum. A vendor that fails
 * contributes its Error in place of its customers: graphql-js makes it a null entry plus an error
 * carrying `extensions.vendor`, and the other vendors' customers stay.
 */
async function acrossVendors(ctx: GatewayContext, vendors: Vendor[], key: Key, value: string): Promise<(CustomerRecord | Error)[]> {
  const perVendor = await Promise.all(
    vendors.map((vendor) =>
      lookupLoader(ctx, vendor, key)
        .load(value)
        .catch((error: unknown): Error[] => [asError(error)]),
    ),
  );
  return perVendor.flat();
}

const lookupVendors = (ctx: GatewayContext, key: Key) => ctx.sources.vendorsWith(LOOKUP[key]);

builder.queryField('customersByEmail', (t) =>
  t.field({
    type: [CustomerRef],
    nullable: { list: false, items: true },
    description:
      'The person with this email at every configured vendor that can look customers up by email, in vendor order. ' +
      'Matching is on the normalised email (trimmed, NFC, lower case). A null entry stands for a vendor that failed; its error is in `errors` with `extensions.vendor`.',
    args: {
      // The validation plugin normalises before it checks, so "  Ann@EXAMPLE.com " is accepted.
      email: t.arg.string({ required: true }).validate(z.string().transform(normaliseEmail).pipe(z.email('must be an email address'))),
    },
    resolve: (_root, args, ctx) => acrossVendors(ctx, lookupVendors(ctx, 'email'), 'email', args.email) as Promise<CustomerRecord[]>,
  }),
);

builder.objectField(CustomerRef, 'linkedProfiles', (t) =>
  t.field({
    type: [CustomerRef],
    nullable: { list: false, items: true },
    description:
      'The same person at the other vendors: joined by normalised email first, then by `customId`. ' +
      'A null entry stands for a vendor that failed; its error is in `errors` with `extensions.vendor`.',
    resolve: async (customer, _args, ctx) => {
      const others = (key: Key) => lookupVendors(ctx, key).filter((v) => v !== customer.vendor);
      const [byEmail, byCustomId] = await Promise.all([
        customer.email ? acrossVendors(ctx, others('email'), 'email', normaliseEmail(customer.email)) : [],
        customer.customId ? acrossVendors(ctx, others('customId'), 'customId', customer.customId) : [],
      ]);
      const seen = new Set<string>();
      const linked: (CustomerRecord | Error)[] = [];
      for (const entry of [...byEmail, ...byCustomId]) {
        if (entry instanceof Error) {
          linked.push(entry);
          continue;
        }
        const key = `${entry.vendor}:${entry.vendorId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        linked.push(entry);
      }
      const order = ctx.sources.vendors;
      return linked.sort((a, b) => rank(order, a) - rank(order, b)) as CustomerRecord[];
    },
  }),
);

function rank(order: Vendor[], entry: CustomerRecord | Error): number {
  if (entry instanceof Error) return order.length;
  return order.indexOf(entry.vendor);
}
