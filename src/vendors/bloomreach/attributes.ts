// Which identifiers and properties the export asks for, and what each column means. The vendor
// promises only that, for `attributes.type: some`, columns follow the order of `attributes.list`
// under a header that "explains" them; the header's wording is not specified. So a column is known
// by its position in the list we sent, never by its header text.
import type { BloomreachAttribute, CustomerFieldRole } from './config.js';
import type { AttributeItem, ExportAttributes } from './wire.js';

/**
 * Today's list, used when BLOOMREACH_ATTRIBUTES is not set. `registered` (hard ID, the organisation
 * customer number) and `cookie` (soft ID) are Bloomreach's default identifier names and what the
 * doc's example uses (doc L30–42); the property names are Bloomreach's common customer properties.
 * An explicit list rather than `properties_and_ids`: a real project carries hundreds of properties,
 * most irrelevant here, and every column costs snapshot memory for every customer.
 */
export const DEFAULT_ATTRIBUTES: readonly BloomreachAttribute[] = Object.freeze([
  { type: 'id', id: 'registered', role: 'customId' },
  { type: 'id', id: 'cookie' },
  { type: 'property', property: 'email', role: 'email' },
  { type: 'property', property: 'first_name', role: 'firstName' },
  { type: 'property', property: 'last_name', role: 'lastName' },
  { type: 'property', property: 'phone', role: 'phone' },
  { type: 'property', property: 'city' },
  { type: 'property', property: 'country' },
  { type: 'property', property: 'created_ts', role: 'createdAt' },
]);

/** Where each meaning sits in the exported row. */
export interface ColumnLayout {
  /** The `attributes` object sent with every export. */
  readonly request: ExportAttributes;
  /** Column count the header and rows should have. */
  readonly width: number;
  /** Identifier columns in order of preference for the native id (the order they are listed in). */
  readonly ids: readonly { name: string; column: number }[];
  /** Column feeding each domain field, when one is configured. */
  readonly roles: Readonly<Partial<Record<CustomerFieldRole, number>>>;
  /** Columns without a role, passed through as attributes under their identifier or property name. */
  readonly rest: readonly (readonly [string, number])[];
}

const nameOf = (a: BloomreachAttribute): string => (a.type === 'id' ? a.id : a.property);

export function columnLayout(attributes: readonly BloomreachAttribute[] = DEFAULT_ATTRIBUTES): ColumnLayout {
  const list = attributes.map(
    (a): AttributeItem => (a.type === 'id' ? { type: 'id', id: a.id } : { type: 'property', property: a.property }),
  );
  const roles: Partial<Record<CustomerFieldRole, number>> = {};
  const rest: [string, number][] = [];
  attributes.forEach((a, column) => {
    if (a.role !== undefined) roles[a.role] = column;
    else rest.push([nameOf(a), column]);
  });
  const ids = attributes.flatMap((a, column) => (a.type === 'id' ? [{ name: a.id, column }] : []));
  return { request: { type: 'some', list }, width: list.length, ids, roles, rest };
}
