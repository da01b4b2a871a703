// The emulator's in-memory database: profiles with their identifier indexes, events per profile,
// segmentations and catalogs. Routes mutate it; nothing outlives the sandbox instance.
import type { CatalogItemRecord, CatalogRecord, EventRecord, ProfileRecord, SegmentationRecord } from './types.js';

export type IdentifierKind = 'id' | 'email' | 'customId' | 'uuid' | 'phone';

export class SyneriseStore {
  readonly profiles = new Map<number, ProfileRecord>();
  private readonly byEmail = new Map<string, number>();
  private readonly byCustomId = new Map<string, number>();
  private readonly byUuid = new Map<string, number>();
  private readonly byPhone = new Map<string, number>();
  /** Events per clientId, kept sorted by (time, unique) ascending. */
  private readonly events = new Map<number, EventRecord[]>();
  readonly segmentations = new Map<string, SegmentationRecord>();
  readonly catalogs = new Map<number, CatalogRecord>();
  readonly items = new Map<number, CatalogItemRecord>();
  /** catalogId → itemKey → item id. */
  private readonly itemKeys = new Map<number, Map<string, number>>();
  nextClientId = 1;
  nextItemId = 1;
  nextCatalogId = 1;
  nextUnique = 1;

  // ---- profiles ----------------------------------------------------------------------------

  /** Email identifiers are matched case-insensitively; the stored value keeps the typed casing. */
  static emailKey(email: string): string {
    return email.trim().toLowerCase();
  }

  find(kind: IdentifierKind, value: string | number): ProfileRecord | undefined {
    let id: number | undefined;
    switch (kind) {
      case 'id':
        id = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : undefined;
        break;
      case 'email':
        id = this.byEmail.get(SyneriseStore.emailKey(String(value)));
        break;
      case 'customId':
        id = this.byCustomId.get(String(value));
        break;
      case 'uuid':
        id = this.byUuid.get(String(value).toLowerCase());
        break;
      case 'phone':
        id = this.byPhone.get(String(value));
        break;
    }
    return id === undefined ? undefined : this.profiles.get(id);
  }

  /** The profile (other than `self`) that already owns one of the identifiers, if any. */
  conflict(candidate: Pick<ProfileRecord, 'email' | 'customId' | 'uuid'>, self?: number): { field: string; value: string } | undefined {
    const checks: [string, string | null, Map<string, number>, (v: string) => string][] = [
      ['email', candidate.email, this.byEmail, SyneriseStore.emailKey],
      ['customId', candidate.customId, this.byCustomId, (v) => v],
      ['uuid', candidate.uuid, this.byUuid, (v) => v.toLowerCase()],
    ];
    for (const [field, value, index, key] of checks) {
      if (value === null) continue;
      const owner = index.get(key(value));
      if (owner !== undefined && owner !== self) return { field, value };
    }
    return undefined;
  }

  insertProfile(profile: ProfileRecord): void {
    this.profiles.set(profile.clientId, profile);
    this.index(profile);
    if (profile.clientId >= this.nextClientId) this.nextClientId = profile.clientId + 1;
  }

  /** Applies `change` to a profile and keeps the identifier indexes in step. */
  updateProfile(profile: ProfileRecord, change: (p: ProfileRecord) => void): void {
    this.unindex(profile);
    change(profile);
    this.index(profile);
  }

  deleteProfile(clientId: number): boolean {
    const profile = this.profiles.get(clientId);
    if (!profile) return false;
    this.unindex(profile);
    this.profiles.delete(clientId);
    this.events.delete(clientId);
    return true;
  }

  private index(p: ProfileRecord): void {
    if (p.email) this.byEmail.set(SyneriseStore.emailKey(p.email), p.clientId);
    if (p.customId) this.byCustomId.set(p.customId, p.clientId);
    if (p.phone) this.byPhone.set(p.phone, p.clientId);
    this.byUuid.set(p.uuid.toLowerCase(), p.clientId);
  }

  private unindex(p: ProfileRecord): void {
    if (p.email && this.byEmail.get(SyneriseStore.emailKey(p.email)) === p.clientId) this.byEmail.delete(SyneriseStore.emailKey(p.email));
    if (p.customId && this.byCustomId.get(p.customId) === p.clientId) this.byCustomId.delete(p.customId);
    if (p.phone && this.byPhone.get(p.phone) === p.clientId) this.byPhone.delete(p.phone);
    if (this.byUuid.get(p.uuid.toLowerCase()) === p.clientId) this.byUuid.delete(p.uuid.toLowerCase());
  }

  // ---- events ------------------------------------------------------------------------------

  eventsOf(clientId: number): readonly EventRecord[] {
    return this.events.get(clientId) ?? [];
  }

  allEvents(): EventRecord[] {
    return [...this.events.values()].flat();
  }

  /** Adds an event; an event with the same `eventSalt` on the same profile is overwritten. */
  addEvent(event: EventRecord): void {
    let list = this.events.get(event.clientId);
    if (!list) {
      list = [];
      this.events.set(event.clientId, list);
    }
    if (event.eventSalt !== null) {
      const at = list.findIndex((e) => e.eventSalt === event.eventSalt);
      if (at >= 0) list.splice(at, 1);
    }
    const pos = list.findIndex((e) => e.time > event.time || (e.time === event.time && e.unique > event.unique));
    if (pos < 0) list.push(event);
    else list.splice(pos, 0, event);
    if (event.unique >= this.nextUnique) this.nextUnique = event.unique + 1;
    const profile = this.profiles.get(event.clientId);
    if (profile && (profile.lastActivity === null || profile.lastActivity < event.time)) profile.lastActivity = event.time;
  }

  // ---- segmentations -----------------------------------------------------------------------

  /** Members that still exist, ordered by clientId. */
  membersOf(segmentation: SegmentationRecord): ProfileRecord[] {
    return [...segmentation.members]
      .sort((a, b) => a - b)
      .map((id) => this.profiles.get(id))
      .filter((p): p is ProfileRecord => p !== undefined);
  }

  // ---- catalogs ----------------------------------------------------------------------------

  addCatalog(catalog: CatalogRecord): void {
    this.catalogs.set(catalog.id, catalog);
    this.itemKeys.set(catalog.id, new Map());
    if (catalog.id >= this.nextCatalogId) this.nextCatalogId = catalog.id + 1;
  }

  deleteCatalog(id: number): boolean {
    const keys = this.itemKeys.get(id);
    if (!keys || !this.catalogs.delete(id)) return false;
    for (const itemId of keys.values()) this.items.delete(itemId);
    this.itemKeys.delete(id);
    return true;
  }

  itemsOf(catalogId: number): CatalogItemRecord[] {
    const keys = this.itemKeys.get(catalogId);
    if (!keys) return [];
    return [...keys.values()]
      .map((id) => this.items.get(id))
      .filter((i): i is CatalogItemRecord => i !== undefined)
      .sort((a, b) => a.id - b.id);
  }

  itemByKey(catalogId: number, itemKey: string): CatalogItemRecord | undefined {
    const id = this.itemKeys.get(catalogId)?.get(itemKey);
    return id === undefined ? undefined : this.items.get(id);
  }

  /** Adds an item, or replaces the value of the item with the same key (the API upserts by key). */
  upsertItem(catalogId: number, itemKey: string, value: Record<string, unknown>, now: number): CatalogItemRecord {
    const existing = this.itemByKey(catalogId, itemKey);
    if (existing) {
      existing.value = value;
    } else {
      const item: CatalogItemRecord = { id: this.nextItemId++, catalogId, itemKey, value, creationDate: now };
      this.items.set(item.id, item);
      this.itemKeys.get(catalogId)?.set(itemKey, item.id);
    }
    const catalog = this.catalogs.get(catalogId);
    if (catalog) catalog.lastModified = now;
    const item = this.itemByKey(catalogId, itemKey);
    if (!item) throw new Error(`catalog ${catalogId} does not exist`);
    return item;
  }

  deleteItem(item: CatalogItemRecord, now: number): void {
    this.items.delete(item.id);
    this.itemKeys.get(item.catalogId)?.delete(item.itemKey);
    const catalog = this.catalogs.get(item.catalogId);
    if (catalog) catalog.lastModified = now;
  }
}
