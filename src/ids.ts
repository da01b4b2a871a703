// Global IDs: base64url of `Type:VENDOR:nativeId`. Clients treat them as opaque; the gateway parses
// them strictly so a malformed ID is a BAD_USER_INPUT error instead of a vendor call with garbage.
import { isVendor, type Vendor } from './domain/vendor.js';
import { badUserInput } from './errors.js';

export interface ParsedId {
  typename: string;
  vendor: Vendor;
  nativeId: string;
}

export function encodeGlobalId(typename: string, localId: string): string {
  return Buffer.from(`${typename}:${localId}`, 'utf8').toString('base64url');
}

export function globalId(typename: string, vendor: Vendor, nativeId: string): string {
  return encodeGlobalId(typename, `${vendor}:${nativeId}`);
}

/** Local id used by the Node interface: `VENDOR:nativeId`. */
export function localId(vendor: Vendor, nativeId: string): string {
  return `${vendor}:${nativeId}`;
}

export function decodeGlobalId(id: string, field = 'id'): ParsedId {
  const text = /^[A-Za-z0-9_-]+={0,2}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const match = /^([A-Z][A-Za-z]*):([A-Z]+):(.+)$/s.exec(text);
  if (!match?.[1] || !match[2] || !match[3] || !isVendor(match[2])) {
    throw badUserInput(field, `"${id.slice(0, 80)}" is not a valid ID`);
  }
  return { typename: match[1], vendor: match[2], nativeId: match[3] };
}

export function parseLocalId(local: string, field = 'id'): { vendor: Vendor; nativeId: string } {
  const sep = local.indexOf(':');
  const vendor = local.slice(0, sep);
  if (sep < 0 || !isVendor(vendor)) throw badUserInput(field, 'malformed ID');
  return { vendor, nativeId: local.slice(sep + 1) };
}

/** Decodes and checks the type: passing a Segment ID where a Customer ID belongs is bad input. */
export function expectId(id: string, typename: string, field = 'id'): ParsedId {
  const parsed = decodeGlobalId(id, field);
  if (parsed.typename !== typename) throw badUserInput(field, `expected a ${typename} ID, got a ${parsed.typename} ID`);
  return parsed;
}
