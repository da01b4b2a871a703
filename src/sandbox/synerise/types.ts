// In-memory record shapes of the Synerise emulator. These are storage shapes, not wire shapes:
// the routes map them to the v4, CRM, activities-api and catalogs representations, which name the
// same fields differently (`clientId` vs `id`, `firstName` vs `firstname`, ...).

export const AGREEMENT_KEYS = ['email', 'sms', 'push', 'webPush', 'bluetooth', 'rfid', 'wifi'] as const;
export type AgreementKey = (typeof AGREEMENT_KEYS)[number];
export type Agreements = Record<AgreementKey, boolean>;

export const SEX_VALUES = ['FEMALE', 'MALE', 'NOT_SPECIFIED', 'OTHER'] as const;
export type Sex = (typeof SEX_VALUES)[number];

export interface ProfileRecord {
  clientId: number;
  email: string | null;
  phone: string | null;
  customId: string | null;
  uuid: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  company: string | null;
  address: string | null;
  city: string | null;
  province: string | null;
  zipCode: string | null;
  countryCode: string | null;
  birthDate: string | null;
  sex: Sex | null;
  avatarUrl: string | null;
  agreements: Agreements;
  attributes: Record<string, unknown>;
  tags: string[];
  previousClients: number[];
  /** Epoch ms. */
  created: number;
  /** Epoch ms. */
  updated: number;
  /** Epoch ms of the newest event, null when the profile has none. */
  lastActivity: number | null;
}

export interface EventRecord {
  eventUUID: string;
  /** Synerise's per-event integer that, with `time`, identifies an activity. */
  unique: number;
  action: string;
  label: string;
  /** Epoch ms, UTC. */
  time: number;
  clientId: number;
  params: Record<string, unknown>;
  eventSalt: string | null;
  /** The time string as sent, kept because the docs say activities return it. */
  originalTime: string | null;
}

export interface SegmentationRecord {
  uuid: string;
  name: string;
  description: string;
  created: number;
  modified: number;
  /** Member clientIds; deleted profiles are skipped when members are listed. */
  members: Set<number>;
}

export interface CatalogRecord {
  id: number;
  name: string;
  author: string;
  creationDate: number;
  lastModified: number;
}

export interface CatalogItemRecord {
  id: number;
  catalogId: number;
  itemKey: string;
  value: Record<string, unknown>;
  creationDate: number;
}

/** Workspace constants shared by tokens, catalogs and activity mappings. */
export const WORKSPACE = {
  businessProfileId: 100005,
  guid: 'b3f5d1a2-6c1e-4b8e-9a57-2f0c4d7e9a11',
  name: 'CDP Gateway demo workspace',
} as const;
