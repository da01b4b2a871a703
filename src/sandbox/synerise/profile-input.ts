// Parsing and applying the v4 profile create/update body. The validation messages and codes that
// the doc shows are reused verbatim (12082 countryCode, 12053 uuid); other failures get the
// generic code 120 that the doc's examples also use.
import { randomUUID } from 'node:crypto';
import { isRecord } from './context.js';
import type { FieldError } from './errors.js';
import { AGREEMENT_KEYS, type Agreements, type ProfileRecord, SEX_VALUES, type Sex } from './types.js';

const STRING_FIELDS = [
  'email',
  'phone',
  'customId',
  'uuid',
  'firstName',
  'lastName',
  'displayName',
  'avatarUrl',
  'birthDate',
  'company',
  'city',
  'address',
  'zipCode',
  'province',
  'countryCode',
  'sex',
] as const;
type StringField = (typeof STRING_FIELDS)[number];

/** Attribute names the doc reserves; sending them in `attributes` is silently ignored. */
const RESERVED = new Set(
  (
    'email clientId phone customId uuid firstName lastName displayName company address city province zipCode countryCode birthDate sex ' +
    'avatarUrl anonymous agreements tags businessProfileId time ip source newsletter_agreement custom_identify firstname lastname created ' +
    'updated last_activity_date birthdate external_avatar_url displayname receive_smses receive_push_messages receive_webpush_messages ' +
    'receive_btooth_messages receive_rfid_messages receive_wifi_messages confirmation_hash ownerId anonymous_type country_id geo_loc_city ' +
    'geo_loc_country geo_loc_as geo_loc_country_code geo_loc_isp geo_loc_lat geo_loc_lon geo_loc_org geo_loc_query geo_loc_region ' +
    'geo_loc_region_name geo_loc_status geo_loc_timezone geo_loc_zip club_card_id type confirmed facebookId status'
  ).split(' '),
);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface ProfileInput {
  strings: Partial<Record<StringField, string | null>>;
  agreements?: Partial<Agreements>;
  /** `null` values delete the attribute. */
  attributes?: Record<string, unknown>;
  tags?: string[] | null;
  clientId?: number;
}

export function hasIdentifier(input: ProfileInput): boolean {
  return ['email', 'phone', 'customId', 'uuid'].some((k) => {
    const v = input.strings[k as StringField];
    return typeof v === 'string' && v !== '';
  });
}

function agreementValue(v: unknown): boolean | undefined {
  // "You can also pass the values as strings"
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  return undefined;
}

export function parseProfileInput(body: unknown, opts: { allowClientId: boolean }): { input: ProfileInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const input: ProfileInput = { strings: {} };
  if (!isRecord(body)) {
    errors.push({ code: 120, field: 'body', message: 'Request body must be a JSON object', rejectedValue: body });
    return { input, errors };
  }
  for (const field of STRING_FIELDS) {
    if (!(field in body)) continue;
    const v = body[field];
    if (v !== null && typeof v !== 'string') {
      errors.push({ code: 120, field, message: 'must be a string', rejectedValue: v });
      continue;
    }
    input.strings[field] = v;
  }
  const s = input.strings;
  if (typeof s.email === 'string' && s.email !== '' && !EMAIL_RE.test(s.email)) {
    errors.push({ code: 120, field: 'email', message: 'Email must be a well-formed email address', rejectedValue: s.email });
  }
  if (typeof s.uuid === 'string' && !UUID_RE.test(s.uuid)) {
    errors.push({ code: 12053, field: 'uuid', message: 'UUID must be well-formed value as per RFC 4122', rejectedValue: s.uuid });
  }
  // The doc's message says "0 or 3 characters" while its examples use alpha-2 ("PL"): accept both.
  if (typeof s.countryCode === 'string' && s.countryCode !== '' && !/^[A-Za-z]{2,3}$/.test(s.countryCode)) {
    errors.push({
      code: 12082,
      field: 'countryCode',
      message: 'Country Code must have 0 or 3 characters as per ISO format.',
      rejectedValue: s.countryCode,
    });
  }
  if (typeof s.birthDate === 'string' && (!/^\d{4}-\d{2}-\d{2}$/.test(s.birthDate) || Number.isNaN(Date.parse(s.birthDate)))) {
    errors.push({ code: 120, field: 'birthDate', message: 'Birth date must be in yyyy-MM-dd format', rejectedValue: s.birthDate });
  }
  if (typeof s.sex === 'string' && !(SEX_VALUES as readonly string[]).includes(s.sex)) {
    errors.push({ code: 120, field: 'sex', message: `must be one of ${SEX_VALUES.join(', ')}`, rejectedValue: s.sex });
  }
  if (typeof s.avatarUrl === 'string' && !/^https?:\/\/\S+$/.test(s.avatarUrl)) {
    errors.push({ code: 120, field: 'avatarUrl', message: '120', rejectedValue: s.avatarUrl });
  }
  if ('agreements' in body && body.agreements !== null) {
    if (!isRecord(body.agreements)) {
      errors.push({ code: 120, field: 'agreements', message: 'must be an object', rejectedValue: body.agreements });
    } else {
      const agreements: Partial<Agreements> = {};
      for (const [k, v] of Object.entries(body.agreements)) {
        const b = agreementValue(v);
        if (!(AGREEMENT_KEYS as readonly string[]).includes(k)) continue;
        if (b === undefined) errors.push({ code: 120, field: `agreements.${k}`, message: 'must be a boolean', rejectedValue: v });
        else agreements[k as keyof Agreements] = b;
      }
      input.agreements = agreements;
    }
  }
  if ('attributes' in body && body.attributes !== null) {
    if (!isRecord(body.attributes)) {
      errors.push({ code: 120, field: 'attributes', message: 'must be an object', rejectedValue: body.attributes });
    } else {
      input.attributes = Object.fromEntries(Object.entries(body.attributes).filter(([k]) => !RESERVED.has(k)));
    }
  }
  if ('tags' in body) {
    const t = body.tags;
    if (t === null) input.tags = null;
    else if (Array.isArray(t) && t.every((x): x is string => typeof x === 'string')) input.tags = t;
    else errors.push({ code: 120, field: 'tags', message: 'must be an array of strings', rejectedValue: t });
  }
  if ('clientId' in body) {
    const id = body.clientId;
    if (!opts.allowClientId) {
      // Not part of the create/update body; ignored like any unknown field.
    } else if (typeof id === 'number' && Number.isInteger(id) && id > 0) input.clientId = id;
    else errors.push({ code: 120, field: 'clientId', message: 'must be a positive integer', rejectedValue: id });
  }
  return { input, errors };
}

/** Applies an input: omitted fields stay, null resets a native field or deletes a custom attribute. */
export function applyProfileInput(p: ProfileRecord, input: ProfileInput, now: number): void {
  for (const [field, value] of Object.entries(input.strings) as [StringField, string | null][]) {
    if (field === 'uuid') {
      if (value) p.uuid = value.toLowerCase();
      continue;
    }
    const v = value === '' ? null : value;
    if (field === 'sex') p.sex = v as Sex | null;
    else p[field] = v;
  }
  if (input.agreements) Object.assign(p.agreements, input.agreements);
  if (input.attributes) {
    for (const [k, v] of Object.entries(input.attributes)) {
      if (v === null) delete p.attributes[k];
      else p.attributes[k] = v;
    }
  }
  if (input.tags !== undefined) p.tags = input.tags ?? [];
  p.updated = now;
}

export function newProfile(clientId: number, now: number): ProfileRecord {
  return {
    clientId,
    email: null,
    phone: null,
    customId: null,
    uuid: randomUUID(),
    firstName: null,
    lastName: null,
    displayName: null,
    company: null,
    address: null,
    city: null,
    province: null,
    zipCode: null,
    countryCode: null,
    birthDate: null,
    sex: null,
    avatarUrl: null,
    agreements: Object.fromEntries(AGREEMENT_KEYS.map((k) => [k, false])) as Agreements,
    attributes: {},
    tags: [],
    previousClients: [],
    created: now,
    updated: now,
    lastActivity: null,
  };
}
