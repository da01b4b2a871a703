import type { WriteOutcome } from '../domain/model.js';
import type {
  AbTestRecord,
  InstanceType,
  LocaleRecord,
  RecommenderRecord,
  SitePreferencesRecord,
  SiteRecord,
  SlotConfigurationRecord,
} from '../domain/site.js';
import type { Page, PageWindow } from '../pagination/connection.js';
import type { RequestScope } from './scope.js';

/**
 * The domain fields a query selected on the records a call returns, so adapters of vendors with
 * property selection ask for no more than that. `'all'` when the selection needs everything
 * (`attributes`) or cannot be known.
 */
export type SelectedFields = ReadonlySet<string> | 'all';

export const ALL_FIELDS: SelectedFields = 'all';

export type CartridgePosition = 'FIRST' | 'LAST' | 'BEFORE' | 'AFTER';

export interface CartridgeAddition {
  name: string;
  position: CartridgePosition;
  /** The cartridge to insert before or after. */
  target?: string | undefined;
}

export interface SitePort {
  list(scope: RequestScope, window: PageWindow, fields: SelectedFields): Promise<Page<SiteRecord>>;
  /** Batch read by native site id; a NotFoundError in place of each missing site. */
  load(scope: RequestScope, vendorIds: readonly string[], fields: SelectedFields): Promise<(SiteRecord | Error)[]>;
  locales(
    scope: RequestScope,
    site: SiteRecord,
    window: PageWindow,
    fields: SelectedFields,
    includeAll: boolean,
  ): Promise<Page<LocaleRecord>>;
  abTests(scope: RequestScope, site: SiteRecord, window: PageWindow, fields: SelectedFields): Promise<Page<AbTestRecord>>;
  slotConfigurations(
    scope: RequestScope,
    site: SiteRecord,
    window: PageWindow,
    fields: SelectedFields,
  ): Promise<Page<SlotConfigurationRecord>>;
  /** The whole (short, unpaged) list; callers page it themselves. */
  recommenders(scope: RequestScope, site: SiteRecord): Promise<RecommenderRecord[]>;
  preferences(scope: RequestScope, site: SiteRecord, groupId: string, instanceType: InstanceType): Promise<SitePreferencesRecord>;
  updatePreferences?(
    scope: RequestScope,
    siteVendorId: string,
    groupId: string,
    instanceType: InstanceType,
    values: Record<string, unknown>,
  ): Promise<WriteOutcome<SitePreferencesRecord>>;
  /** Cartridge writes answer the site with its new `cartridges` path. */
  replaceCartridges?(scope: RequestScope, siteVendorId: string, names: readonly string[]): Promise<WriteOutcome<SiteRecord>>;
  addCartridge?(scope: RequestScope, siteVendorId: string, addition: CartridgeAddition): Promise<WriteOutcome<SiteRecord>>;
  removeCartridge?(scope: RequestScope, siteVendorId: string, name: string): Promise<WriteOutcome<SiteRecord>>;
}
