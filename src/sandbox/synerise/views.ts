// Wire representations. The same profile is spelled differently per API family (digest §11):
// v4 `clientId/firstName/birthDate/customId`, CRM `id/firstname/birthdate/custom_identify` (but
// CRM keeps `lastName` camel-cased, as the doc shows), activities `client.firstname/lastname`.
import type { CatalogItemRecord, CatalogRecord, EventRecord, ProfileRecord } from './types.js';
import { WORKSPACE } from './types.js';

export function isAnonymous(p: ProfileRecord): boolean {
  return p.email === null && p.customId === null && p.phone === null;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function v4Profile(p: ProfileRecord): Record<string, unknown> {
  return {
    clientId: p.clientId,
    email: p.email,
    phone: p.phone,
    customId: p.customId,
    uuid: p.uuid,
    firstName: p.firstName,
    lastName: p.lastName,
    displayName: p.displayName,
    company: p.company,
    address: p.address,
    city: p.city,
    province: p.province,
    zipCode: p.zipCode,
    countryCode: p.countryCode,
    birthDate: p.birthDate,
    sex: p.sex,
    avatarUrl: p.avatarUrl,
    anonymous: isAnonymous(p),
    agreements: { ...p.agreements },
    attributes: { ...p.attributes },
    tags: [...p.tags],
    previousClients: [...p.previousClients],
    lastActivityDate: p.lastActivity === null ? null : isoSeconds(p.lastActivity),
  };
}

/** CRM's sex enum has UNDEFINED where v4 has NOT_SPECIFIED/OTHER. */
function crmSex(p: ProfileRecord): string {
  return p.sex === 'FEMALE' || p.sex === 'MALE' ? p.sex : 'UNDEFINED';
}

export function crmProfile(p: ProfileRecord): Record<string, unknown> {
  return {
    id: p.clientId,
    uuid: p.uuid,
    anonymous_type: isAnonymous(p) ? 'UUID' : null,
    email: p.email,
    firstname: p.firstName,
    lastName: p.lastName,
    custom_identify: p.customId,
    company: p.company,
    phone: p.phone,
    address: p.address,
    birthdate: p.birthDate,
    city: p.city,
    zipCode: p.zipCode,
    province: p.province,
    country_id: null,
    countryCode: p.countryCode,
    avatarUrl: p.avatarUrl,
    sex: crmSex(p),
    last_activity_date: p.lastActivity === null ? null : isoDate(p.lastActivity),
    created: isoDate(p.created),
    updated: isoDate(p.updated),
    deletedAt: null,
    tags: [...p.tags],
  };
}

/** CRM "contacts": every native field as `{label, value}` under `base`. */
export function crmContacts(p: ProfileRecord): Record<string, unknown> {
  const fields: [string, string, unknown][] = [
    ['id', 'ID', p.clientId],
    ['uuid', 'UUID', p.uuid],
    ['email', 'Email', p.email],
    ['firstname', 'First name', p.firstName],
    ['lastname', 'Last name', p.lastName],
    ['custom_identify', 'Custom ID', p.customId],
    ['phone', 'Phone', p.phone],
    ['company', 'Company', p.company],
    ['address', 'Address', p.address],
    ['city', 'City', p.city],
    ['zipCode', 'Zip code', p.zipCode],
    ['province', 'Province', p.province],
    ['countryCode', 'Country', p.countryCode],
    ['birthdate', 'Birth date', p.birthDate],
    ['sex', 'Sex', crmSex(p)],
    ['created', 'Created', isoDate(p.created)],
    ['updated', 'Updated', isoDate(p.updated)],
    ['last_activity_date', 'Last activity', p.lastActivity === null ? null : isoSeconds(p.lastActivity)],
  ];
  const base: Record<string, { label: string; value: unknown }> = {};
  for (const [key, label, value] of fields) base[key] = { label, value };
  for (const [key, value] of Object.entries(p.attributes)) base[key] = { label: key, value };
  return { base, tags: [...p.tags] };
}

const ACTION_META: Record<string, { label: string; description: string; icon: string }> = {
  'page.visit': { label: 'Page visit', description: 'Visited a page', icon: 'https://assets.synerise.com/icons/page-visit.svg' },
  'product.view': { label: 'Product view', description: 'Viewed a product', icon: 'https://assets.synerise.com/icons/product-view.svg' },
  'product.addToCart': {
    label: 'Added to cart',
    description: 'Added a product to the cart',
    icon: 'https://assets.synerise.com/icons/cart.svg',
  },
  'transaction.charge': {
    label: 'Transaction',
    description: 'Paid for an order',
    icon: 'https://assets.synerise.com/icons/transaction.svg',
  },
  'client.login': { label: 'Logged in', description: 'Logged in', icon: 'https://assets.synerise.com/icons/login.svg' },
};

export function activity(e: EventRecord, p: ProfileRecord | undefined, raw: boolean): Record<string, unknown> {
  // Raw data comes in the reference's only raw-shaped example ("Raw data request"): `action` a
  // string, `createDate` instead of `time`, the stored `params` with `eventCreateTime` in seconds;
  // no client, icon or description.
  if (raw) {
    return {
      action: e.action,
      eventUUID: e.eventUUID,
      unique: e.unique,
      createDate: e.time,
      label: e.label,
      params: { ...e.params, eventCreateTime: e.time / 1000, originalTime: e.originalTime },
    };
  }
  const meta = ACTION_META[e.action] ?? {
    label: e.action,
    description: e.action,
    icon: 'https://assets.synerise.com/icons/custom-event.svg',
  };
  return {
    action: { name: e.action, label: meta.label, description: meta.description },
    description: meta.description,
    eventUUID: e.eventUUID,
    unique: e.unique,
    icon: meta.icon,
    time: e.time,
    label: e.label,
    client: {
      uuid: p?.uuid ?? null,
      id: e.clientId,
      firstname: p?.firstName ?? null,
      lastname: p?.lastName ?? null,
      email: p?.email ?? null,
      avatarUrl: p?.avatarUrl ?? null,
    },
    userAgent: { system: 'Linux', browser: 'Chrome' },
    modifiedBy: null,
  };
}

export function catalogView(c: CatalogRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    businessProfileId: WORKSPACE.businessProfileId,
    author: c.author,
    lastModified: isoSeconds(c.lastModified),
    creationDate: isoSeconds(c.creationDate),
  };
}

/** `value` goes out as a JSON-encoded string, exactly as the catalogs docs show. */
export function itemView(i: CatalogItemRecord, c: CatalogRecord): Record<string, unknown> {
  return { bag: catalogView(c), itemKey: i.itemKey, id: i.id, value: JSON.stringify(i.value), creationDate: isoSeconds(i.creationDate) };
}

export function catalogEnvelope(data: unknown, totalCount: number, startedAt: number): Record<string, unknown> {
  const seconds = Math.max(Date.now() - startedAt, 1) / 1000;
  return { data, metaData: { totalCount, requestTime: `${seconds.toFixed(3)} [s]` } };
}
