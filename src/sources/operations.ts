// The one vocabulary of what a vendor can be asked to do. An operation is named `<port>.<method>`
// after the port method that performs it: the same name is reported in `vendors { capabilities }`,
// carried by UnsupportedOperationError, and is what metrics and scopes key on. `access` says
// whether the operation only reads or also writes, so a scope such as `<vendor>:read` can be
// derived from this list.
import type { PortName, VendorPorts } from './adapter.js';

type PortOf<P extends PortName> = NonNullable<VendorPorts[P]>;

/** Every `<port>.<method>` the ports declare; the record below must name each one. */
export type OperationName = { [P in PortName]: `${P}.${keyof PortOf<P> & string}` }[PortName];

type PortPart<N extends OperationName> = N extends `${infer P extends PortName}.${string}` ? P : never;
type MethodPart<N extends OperationName> = N extends `${string}.${infer M}` ? M : never;

/** The port method an operation names, with its exact signature. */
export type OperationFn<N extends OperationName> = NonNullable<PortOf<PortPart<N>>[MethodPart<N> & keyof PortOf<PortPart<N>>]>;

export type OperationAccess = 'read' | 'write';

export interface OperationInfo {
  /** What the operation does, in words, for messages: "creating a customer". */
  label: string;
  access: OperationAccess;
}

const read = (label: string): OperationInfo => ({ label, access: 'read' });
const write = (label: string): OperationInfo => ({ label, access: 'write' });

export const OPERATIONS: Readonly<Record<OperationName, OperationInfo>> = {
  'customers.list': read('listing customers'),
  'customers.load': read('reading customers by id'),
  'customers.findByEmails': read('looking customers up by email'),
  'customers.findByCustomIds': read('looking customers up by customId'),
  'customers.create': write('creating a customer'),
  'customers.createMany': write('creating customers in a batch'),
  'customers.createWithItems': write('creating a customer with its custom items'),
  'customers.update': write('updating a customer'),
  'customers.delete': write('deleting a customer'),

  'activities.list': read('listing activities'),
  'activities.forCustomer': read("listing a customer's activities"),
  'activities.load': read('reading activities by id'),
  'activities.create': write('recording an activity'),
  'activities.createMany': write('recording activities in a batch'),
  'activities.update': write('updating an activity'),
  'activities.delete': write('deleting an activity'),

  'segments.all': read('listing segments'),
  'segments.load': read('reading segments by id'),
  'segments.members': read("listing a segment's members"),
  'segments.segmentIdsOf': read("reading a customer's segments"),
  'segments.allGroups': read('listing segment groups'),
  'segments.loadGroups': read('reading segment groups by id'),
  'segments.create': write('creating a segment'),
  'segments.update': write('updating a segment'),
  'segments.delete': write('deleting a segment'),
  'segments.createGroup': write('creating a segment group'),
  'segments.updateGroup': write('updating a segment group'),
  'segments.deleteGroup': write('deleting a segment group'),
  'segments.changeMembership': write("changing a customer's segments"),

  'deletions.since': read('reading the deletions feed'),

  'catalogs.list': read('listing catalogs'),
  'catalogs.load': read('reading catalogs by id'),
  'catalogs.items': read("listing a catalog's items"),
  'catalogs.loadItems': read('reading catalog items by key'),
  'catalogs.upsertItem': write('writing a catalog item'),
  'catalogs.deleteItem': write('deleting a catalog item'),

  'customItems.load': read('reading custom items'),
  'customItems.forCustomer': read("listing a customer's custom items"),
  'customItems.upsert': write('writing a custom item'),
  'customItems.upsertMany': write('writing custom items in a batch'),
  'customItems.patch': write('patching a custom item'),
  'customItems.delete': write('deleting a custom item'),

  'sites.list': read('listing sites'),
  'sites.load': read('reading sites by id'),
  'sites.locales': read("listing a site's locales"),
  'sites.abTests': read("listing a site's A/B tests"),
  'sites.slotConfigurations': read("listing a site's slot configurations"),
  'sites.recommenders': read("listing a site's recommenders"),
  'sites.preferences': read("reading a site's preferences"),
  'sites.updatePreferences': write("updating a site's preferences"),
  'sites.replaceCartridges': write("replacing a site's cartridge path"),
  'sites.addCartridge': write("adding a cartridge to a site's path"),
  'sites.removeCartridge': write("removing a cartridge from a site's path"),
};

/** Every operation, in the order above. */
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

export function splitOperation<N extends OperationName>(name: N): { port: PortPart<N>; method: MethodPart<N> } {
  const dot = name.indexOf('.');
  return { port: name.slice(0, dot) as PortPart<N>, method: name.slice(dot + 1) as MethodPart<N> };
}
