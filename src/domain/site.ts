// Storefront sites and their configuration, as commerce platforms keep them. Adapters map into
// these once; nothing above the adapters sees a vendor's property names.
import type { Attributes } from './model.js';
import type { Vendor } from './vendor.js';

interface SiteScoped {
  vendor: Vendor;
  /** Native id of the site the record belongs to. */
  siteVendorId: string;
}

export interface SiteRecord {
  vendor: Vendor;
  vendorId: string;
  displayName: string | null;
  description: string | null;
  /** `online` / `offline` as the vendor reports it, lower case. */
  storefrontStatus: string | null;
  inDeletion: boolean | null;
  customerListId: string | null;
  attributes: Attributes;
  /** Cartridge path, only when a write returned it: the vendor has no read of it. */
  cartridges?: string[] | undefined;
}

export interface LocaleRecord extends SiteScoped {
  id: string;
  name: string | null;
  displayName: string | null;
  language: string | null;
  country: string | null;
  displayLanguage: string | null;
  displayCountry: string | null;
  iso3Language: string | null;
  iso3Country: string | null;
  active: boolean | null;
  isDefault: boolean | null;
}

export interface AbTestGroupRecord {
  id: string;
  allocation: number | null;
  customExperience: boolean | null;
  description: string | null;
}

export interface AbTestTriggerRecord {
  type: string | null;
  pipelineBased: boolean | null;
  pipelineCalls: string[];
}

export interface AbTestRecord extends SiteScoped {
  id: string;
  description: string | null;
  enabled: boolean | null;
  paused: boolean | null;
  startDate: Date | null;
  endDate: Date | null;
  keyMetricId: string | null;
  customerGroups: string[];
  tags: string[];
  groups: AbTestGroupRecord[];
  trigger: AbTestTriggerRecord | null;
  version: string | null;
  attributes: Attributes;
}

export interface SlotScheduleRecord {
  startDate: Date | null;
  endDate: Date | null;
  daysOfWeek: string[];
  timeFrom: string | null;
  timeTo: string | null;
}

export interface SlotConfigurationRecord extends SiteScoped {
  slotId: string;
  configurationId: string | null;
  uuid: string | null;
  context: string | null;
  enabled: boolean | null;
  isDefault: boolean | null;
  rank: number | null;
  description: string | null;
  customerGroups: string[];
  calloutMessage: string | null;
  contentType: string | null;
  content: string | null;
  schedule: SlotScheduleRecord | null;
  attributes: Attributes;
}

export interface RecommenderRecord extends SiteScoped {
  name: string;
  description: string | null;
}

export type InstanceType = 'STAGING' | 'DEVELOPMENT' | 'SANDBOX' | 'PRODUCTION' | 'CURRENT';

export interface SitePreferencesRecord extends SiteScoped {
  groupId: string;
  instanceType: InstanceType;
  /** Preference values as the vendor names them; password values are always masked. */
  values: Attributes;
}
