// Custom object type definitions (org-wide in SFCC; objects themselves are stored per site) and
// the attribute validation PUT/PATCH apply. Custom attributes travel with the `c_` prefix.

export type AttributeType = 'string' | 'email' | 'int' | 'double' | 'boolean' | 'datetime' | 'enum_of_string' | 'set_of_string';

export interface AttributeDef {
  type: AttributeType;
  values?: readonly string[];
}

export interface ObjectTypeDef {
  id: string;
  /** Name of the key attribute (`key_property` on the wire). */
  keyProperty: string;
  /** Integer keys answer MalformedKeyParameterException for a non-numeric key in the path. */
  keyType: 'string' | 'int';
  attributes: Readonly<Record<string, AttributeDef>>;
}

export const LOYALTY_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export const STORE_SERVICES = ['click_and_collect', 'returns', 'tailoring', 'gift_wrapping', 'repairs'] as const;

export const OBJECT_TYPES: Readonly<Record<string, ObjectTypeDef>> = {
  loyalty_profile: {
    id: 'loyalty_profile',
    keyProperty: 'email',
    keyType: 'string',
    attributes: {
      c_email: { type: 'email' },
      c_customerNo: { type: 'string' },
      c_firstName: { type: 'string' },
      c_lastName: { type: 'string' },
      c_tier: { type: 'enum_of_string', values: LOYALTY_TIERS },
      c_points: { type: 'int' },
      c_lifetimeValue: { type: 'double' },
      c_optIn: { type: 'boolean' },
      c_enrolledDate: { type: 'datetime' },
      c_preferredStore: { type: 'int' },
    },
  },
  store_config: {
    id: 'store_config',
    keyProperty: 'storeNo',
    keyType: 'int',
    attributes: {
      c_name: { type: 'string' },
      c_city: { type: 'string' },
      c_countryCode: { type: 'string' },
      c_timezone: { type: 'string' },
      c_active: { type: 'boolean' },
      c_capacity: { type: 'int' },
      c_latitude: { type: 'double' },
      c_longitude: { type: 'double' },
      c_openingHours: { type: 'string' },
      c_services: { type: 'set_of_string', values: STORE_SERVICES },
      c_lastAudit: { type: 'datetime' },
    },
  },
};

/** Checks one attribute value; returns the reason when it is not acceptable. */
export function checkAttribute(def: AttributeDef, value: unknown): string | undefined {
  if (value === null) return undefined; // null resets the attribute
  switch (def.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'a string is expected';
    case 'email':
      return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'an email address is expected';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer is expected';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number is expected';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'a boolean is expected';
    case 'datetime':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? undefined
        : 'an ISO 8601 date is expected';
    case 'enum_of_string':
      return typeof value === 'string' && (def.values ?? []).includes(value)
        ? undefined
        : `one of ${(def.values ?? []).join(', ')} is expected`;
    case 'set_of_string':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && (def.values ?? []).includes(v))
        ? undefined
        : `a list of ${(def.values ?? []).join(', ')} is expected`;
  }
}
