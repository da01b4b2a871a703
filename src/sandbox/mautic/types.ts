// In-memory records of the Mautic emulator. Wire shapes are built from these in `serialize.ts`.

/** A contact field value as Mautic stores it: every field is a nullable string on the wire. */
export type FieldValue = string | null;

export interface ContactRecord {
  id: number;
  /** Field values by alias (`email`, `firstname`, `customer_id`, ...). */
  fields: Record<string, FieldValue>;
  points: number;
  tags: string[];
  /** Epoch milliseconds. */
  dateAdded: number;
  dateModified: number;
  dateIdentified: number | null;
  lastActive: number | null;
}

export type CustomFieldType = 'text' | 'int' | 'url' | 'select' | 'multiselect' | 'date';

export interface CustomFieldDef {
  id: number;
  alias: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  options?: readonly string[];
}

export interface CustomObjectDef {
  id: number;
  alias: string;
  nameSingular: string;
  namePlural: string;
  /** Epoch milliseconds; the `-dateAdded` ordering of objects uses it. */
  dateAdded: number;
  fields: readonly CustomFieldDef[];
}

export type CustomValue = string | number | string[] | null;

export interface CustomItemRecord {
  id: number;
  objectId: number;
  name: string;
  language: string | null;
  isPublished: boolean;
  dateAdded: number;
  dateModified: number;
  createdBy: number;
  modifiedBy: number;
  attributes: Record<string, CustomValue>;
}

/** One entry of Mautic's `errors` array. */
export interface MauticError {
  code: number;
  message: string;
  /** `[]` for plugin and auth errors, `{field: [messages]}` for contact form errors. */
  details: unknown[] | Record<string, string[]>;
}
