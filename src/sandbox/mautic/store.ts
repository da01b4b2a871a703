// The mutable state of one Mautic sandbox instance: contacts, custom items and their links.
import { CUSTOM_OBJECTS } from './custom-objects.js';
import { CONTACT_FIELDS, UNIQUE_IDENTIFIERS } from './fields.js';
import type { MauticSeed } from './seed.js';
import type { ContactRecord, CustomItemRecord, CustomObjectDef, CustomValue, FieldValue } from './types.js';

export interface ItemInsert {
  kind: 'insert';
  object: CustomObjectDef;
  name: string;
  attributes: Record<string, CustomValue>;
}

export interface ItemUpdate {
  kind: 'update';
  item: CustomItemRecord;
  name: string | undefined;
  attributes: Record<string, CustomValue>;
}

/** A fully validated contact write; applying it cannot fail, which is what makes requests all-or-nothing. */
export interface ContactWritePlan {
  fields: Record<string, FieldValue>;
  points: number | undefined;
  addTags: string[];
  removeTags: string[];
  items: (ItemInsert | ItemUpdate)[];
  overwriteWithBlank: boolean;
}

/** The user id Mautic records as creator/modifier for API writes made with the demo credentials. */
export const API_USER_ID = 1;
export const API_USER_NAME = 'Demo Admin';

export class MauticStore {
  readonly contacts = new Map<number, ContactRecord>();
  readonly items = new Map<number, CustomItemRecord>();
  readonly objects: readonly CustomObjectDef[] = CUSTOM_OBJECTS;
  /** Objects per contact and items per object in a `customObjects` block: the doc's 50 unless a test sets another. */
  customObjectsWindow = 50;
  /**
   * Routes on which the plugin saves `customObjects`: the doc's create-or-update calls. Plugin
   * versions up to 2019-06 matched a literal path list that `/api/contacts/{id}/edit` never equals,
   * so the edit paths save the contact and drop the items while answering 200. Tests remove a
   * route here to play a plugin that does not listen (disabled, or an older version).
   */
  readonly customObjectsRoutes = new Set(['POST /api/contacts/new', 'POST /api/contacts/batch/new']);
  private readonly links = new Map<number, Set<number>>();
  private readonly tagIds = new Map<string, number>();
  private nextContactId: number;
  private nextItemId: number;
  /** Strictly increasing clock so writes in the same millisecond still sort newest first. */
  private lastNow = 0;

  constructor(seed: MauticSeed) {
    for (const contact of seed.contacts) {
      this.contacts.set(contact.id, contact);
      for (const tag of contact.tags) this.tagId(tag);
    }
    for (const item of seed.items) this.items.set(item.id, item);
    for (const [contactId, itemIds] of seed.links) this.links.set(contactId, new Set(itemIds));
    this.nextContactId = Math.max(0, ...this.contacts.keys()) + 1;
    this.nextItemId = Math.max(0, ...this.items.keys()) + 1;
  }

  now(): number {
    this.lastNow = Math.max(Date.now(), this.lastNow + 1);
    return this.lastNow;
  }

  tagId(tag: string): number {
    let id = this.tagIds.get(tag);
    if (id === undefined) {
      id = this.tagIds.size + 1;
      this.tagIds.set(tag, id);
    }
    return id;
  }

  objectById(id: number): CustomObjectDef | undefined {
    return this.objects.find((o) => o.id === id);
  }

  objectByAlias(alias: string): CustomObjectDef | undefined {
    return this.objects.find((o) => o.alias === alias);
  }

  /**
   * Mautic matches "one of the identifiers": any unique-identifier field equal (MySQL collation, so
   * case-insensitive) to a submitted value; the oldest matching contact wins.
   */
  findByUniqueIdentifiers(values: Record<string, FieldValue>): ContactRecord | undefined {
    const wanted = UNIQUE_IDENTIFIERS.flatMap((alias) => {
      const v = values[alias];
      return v ? [[alias, v.trim().toLowerCase()] as const] : [];
    });
    if (wanted.length === 0) return undefined;
    for (const contact of this.contacts.values()) {
      if (wanted.some(([alias, v]) => contact.fields[alias]?.trim().toLowerCase() === v)) return contact;
    }
    return undefined;
  }

  /** Items of one object linked to a contact, newest first (the plugin's fixed `-dateAdded`). */
  itemsOf(contactId: number, objectId: number): CustomItemRecord[] {
    const ids = this.links.get(contactId);
    if (!ids) return [];
    const list: CustomItemRecord[] = [];
    for (const id of ids) {
      const item = this.items.get(id);
      if (item && item.objectId === objectId) list.push(item);
    }
    return list.sort((a, b) => b.dateAdded - a.dateAdded || b.id - a.id);
  }

  deleteContact(id: number): ContactRecord | undefined {
    const contact = this.contacts.get(id);
    if (!contact) return undefined;
    this.contacts.delete(id);
    // Items survive their contact in the plugin; only the link goes.
    this.links.delete(id);
    return contact;
  }

  /** Applies a validated plan to an existing contact, or to a new one when `target` is undefined. */
  apply(target: ContactRecord | undefined, plan: ContactWritePlan): { contact: ContactRecord; created: boolean } {
    const now = this.now();
    let contact = target;
    const created = contact === undefined;
    if (!contact) {
      contact = {
        id: this.nextContactId++,
        fields: Object.fromEntries(CONTACT_FIELDS.map((d) => [d.alias, null])),
        points: 0,
        tags: [],
        dateAdded: now,
        dateModified: now,
        dateIdentified: null,
        lastActive: null,
      };
      this.contacts.set(contact.id, contact);
    }
    for (const [alias, value] of Object.entries(plan.fields)) {
      if ((value === null || value === '') && !plan.overwriteWithBlank) continue;
      contact.fields[alias] = value === '' ? null : value;
    }
    if (plan.points !== undefined) contact.points = plan.points;
    for (const tag of plan.addTags) {
      this.tagId(tag);
      if (!contact.tags.includes(tag)) contact.tags.push(tag);
    }
    contact.tags = contact.tags.filter((t) => !plan.removeTags.includes(t));
    if (contact.dateIdentified === null && UNIQUE_IDENTIFIERS.some((alias) => contact.fields[alias])) contact.dateIdentified = now;
    contact.dateModified = now;

    const linked = this.links.get(contact.id) ?? new Set<number>();
    this.links.set(contact.id, linked);
    for (const change of plan.items) {
      if (change.kind === 'insert') {
        const attributes: Record<string, CustomValue> = Object.fromEntries(change.object.fields.map((fd) => [fd.alias, null]));
        Object.assign(attributes, change.attributes);
        const added = this.now();
        const item: CustomItemRecord = {
          id: this.nextItemId++,
          objectId: change.object.id,
          name: change.name,
          language: null,
          isPublished: true,
          dateAdded: added,
          dateModified: added,
          createdBy: API_USER_ID,
          modifiedBy: API_USER_ID,
          attributes,
        };
        this.items.set(item.id, item);
        linked.add(item.id);
      } else {
        const item = change.item;
        if (change.name !== undefined) item.name = change.name;
        Object.assign(item.attributes, change.attributes);
        item.dateModified = now;
        item.modifiedBy = API_USER_ID;
        linked.add(item.id);
      }
    }
    return { contact, created };
  }
}
