// Mutable per-instance state of the SFCC sandbox, one entry per site.
import { createHash } from 'node:crypto';
import { OBJECT_TYPES } from './object-types.js';
import {
  type AbTestRecord,
  INSTANCE_TYPES,
  PREFERENCE_GROUPS,
  SITES,
  type SiteRecord,
  type SlotConfigurationRecord,
  seedAbTests,
  seedPreferences,
  seedSlotConfigurations,
} from './seed-config.js';
import { type CustomObjectRecord, seedCustomObjects } from './seed-objects.js';

export interface SiteState {
  site: SiteRecord;
  abTests: AbTestRecord[];
  slots: SlotConfigurationRecord[];
  /** Custom cartridges in path order; the system cartridge `core` always follows them. */
  cartridges: string[];
  /** object type → key → object */
  objects: Map<string, Map<string, CustomObjectRecord>>;
  /** `${instance}|${group}` → preference values */
  preferences: Map<string, Record<string, unknown>>;
}

export const SYSTEM_CARTRIDGES: readonly string[] = ['core'];

/** Optimistic-locking token: a digest of the resource's content, 64 hex chars like the doc's samples. */
export function resourceState(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export class SfccStore {
  readonly sites = new Map<string, SiteState>();

  constructor() {
    for (const site of SITES) {
      const objects = new Map<string, Map<string, CustomObjectRecord>>(Object.keys(OBJECT_TYPES).map((t) => [t, new Map()]));
      for (const record of seedCustomObjects(site.id)) objects.get(record.objectType)?.set(record.key, record);
      const preferences = new Map<string, Record<string, unknown>>();
      for (const instance of INSTANCE_TYPES) {
        for (const group of Object.keys(PREFERENCE_GROUPS))
          preferences.set(`${instance}|${group}`, seedPreferences(site.id, instance, group));
      }
      this.sites.set(site.id, {
        site,
        abTests: seedAbTests(site.id),
        slots: seedSlotConfigurations(site.id),
        cartridges: [...site.cartridges],
        objects,
        preferences,
      });
    }
  }

  cartridgePath(state: SiteState): string {
    return [...state.cartridges, ...SYSTEM_CARTRIDGES].join(':');
  }
}
