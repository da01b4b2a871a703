// Records as the Pimcore CMF sandbox stores them. Field names are the wire names of the CMF
// webservice so hydration is a copy plus `_links`, never a rename.

export interface CustomerRecord {
  id: number;
  email: string | null;
  firstname: string | null;
  lastname: string | null;
  phone: string | null;
  gender: string | null;
  street: string | null;
  zip: string | null;
  city: string | null;
  countryCode: string | null;
  /** The organisation-wide customer number (`Person.customId`), null for most customers. */
  customerNumber: string | null;
  active: boolean;
  published: boolean;
  creationDate: number;
  modificationDate: number;
  /** Segment ids, kept sorted ascending. */
  segments: number[];
}

export interface ActivityRecord {
  id: number;
  customerId: number;
  activityDate: number;
  type: string;
  implementationClass: string;
  attributes: Record<string, unknown>;
  md5: string;
  creationDate: number;
  modificationDate: number;
  o_id: number | null;
  a_id: string | null;
}

export interface SegmentGroupRecord {
  id: number;
  name: string;
  reference: string | null;
  calculated: boolean;
  showAsFilter: boolean;
  exportNewsletterProvider: boolean;
  creationDate: number;
  modificationDate: number;
}

export interface SegmentRecord {
  id: number;
  name: string;
  reference: string | null;
  /** Id of the owning segment group (exported as a plain id, like `getDataForWebserviceExport`). */
  group: number;
  calculated: boolean;
  useAsTargetGroup: boolean;
  targetGroup: string | null;
  creationDate: number;
  modificationDate: number;
}

export type DeletionEntityType = 'customers' | 'activities';

export interface DeletionRecord {
  id: number;
  creationDate: number;
  entityType: DeletionEntityType;
  /** Activity type for activity deletions; customers are recorded without one (null). */
  type: string | null;
}

/** The only activity implementation the sandbox knows; CMF's default for webservice-created activities. */
export const GENERIC_ACTIVITY_CLASS = 'CustomerManagementFrameworkBundle\\Model\\Activity\\GenericActivity';

export const ACTIVITY_TYPES = ['order', 'newsletter_signup', 'page_view', 'login'] as const;
