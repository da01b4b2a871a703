// Contact fields of a stock Mautic install (a representative subset) plus one custom field.
// `customer_id` is a custom contact field marked "unique identifier", which is how Mautic installs
// carry the organisation-wide customer number: it holds `person.customId` and, like `email`, is
// used by `POST /api/contacts/new` to find the contact to update instead of creating a new one.

export type ContactFieldType = 'lookup' | 'text' | 'email' | 'tel' | 'country' | 'locale' | 'timezone' | 'url';
export type ContactFieldGroup = 'core' | 'social' | 'personal' | 'professional';

export interface ContactFieldDef {
  id: number;
  alias: string;
  label: string;
  type: ContactFieldType;
  group: ContactFieldGroup;
  isFixed: boolean;
  isUniqueIdentifier: boolean;
}

const f = (
  id: number,
  alias: string,
  label: string,
  type: ContactFieldType,
  group: ContactFieldGroup = 'core',
  extra: Partial<Pick<ContactFieldDef, 'isFixed' | 'isUniqueIdentifier'>> = {},
): ContactFieldDef => ({
  id,
  alias,
  label,
  type,
  group,
  isFixed: extra.isFixed ?? true,
  isUniqueIdentifier: extra.isUniqueIdentifier ?? false,
});

export const CONTACT_FIELDS: readonly ContactFieldDef[] = [
  f(1, 'title', 'Title', 'lookup'),
  f(2, 'firstname', 'First Name', 'text'),
  f(3, 'lastname', 'Last Name', 'text'),
  f(4, 'company', 'Primary company', 'text'),
  f(5, 'position', 'Position', 'text'),
  f(6, 'email', 'Email', 'email', 'core', { isUniqueIdentifier: true }),
  f(7, 'mobile', 'Mobile', 'tel'),
  f(8, 'phone', 'Phone', 'tel'),
  f(10, 'address1', 'Address Line 1', 'text'),
  f(11, 'address2', 'Address Line 2', 'text'),
  f(12, 'city', 'City', 'text'),
  f(13, 'state', 'State', 'text'),
  f(14, 'zipcode', 'Zip Code', 'text'),
  f(15, 'country', 'Country', 'country'),
  f(16, 'preferred_locale', 'Preferred Locale', 'locale'),
  f(17, 'timezone', 'Preferred Timezone', 'timezone'),
  f(21, 'website', 'Website', 'url'),
  f(22, 'facebook', 'Facebook', 'text', 'social'),
  f(24, 'instagram', 'Instagram', 'text', 'social'),
  f(25, 'linkedin', 'LinkedIn', 'text', 'social'),
  f(27, 'twitter', 'Twitter', 'text', 'social'),
  f(43, 'customer_id', 'Customer ID', 'text', 'core', { isFixed: false, isUniqueIdentifier: true }),
];

export const FIELD_BY_ALIAS: ReadonlyMap<string, ContactFieldDef> = new Map(CONTACT_FIELDS.map((d) => [d.alias, d]));

export const UNIQUE_IDENTIFIERS: readonly string[] = CONTACT_FIELDS.filter((d) => d.isUniqueIdentifier).map((d) => d.alias);

/**
 * Columns `orderBy` and `where[][col]` accept besides field aliases, spelled as the `leads` table
 * columns: core Mautic lists contacts with a DBAL query on `leads l` and prefixes the column with
 * `l.` (`CustomFieldRepositoryTrait::getEntitiesWithCustomFields`,
 * `CommonRepository::buildWhereClauseFromArray`). One spelling only; the ORM property names some
 * versions also translate (`dateModified`) are not accepted here.
 */
export const ENTITY_COLUMNS: Readonly<Record<string, 'id' | 'points' | 'dateAdded' | 'dateModified' | 'dateIdentified' | 'lastActive'>> = {
  id: 'id',
  points: 'points',
  date_added: 'dateAdded',
  date_modified: 'dateModified',
  date_identified: 'dateIdentified',
  last_active: 'lastActive',
};
