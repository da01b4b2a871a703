// Validation of a contact write (`POST /api/contacts/new`, `PATCH /api/contacts/{id}/edit` and each
// element of the batch endpoints). As the plugin doc says, Custom Objects, Custom Items and Custom
// Fields are validated first, then the contact itself; only when everything passes is anything saved.
import { coerceCustomValue } from './custom-objects.js';
import { mauticError } from './errors.js';
import { FIELD_BY_ALIAS } from './fields.js';
import type { ContactWritePlan, ItemInsert, ItemUpdate, MauticStore } from './store.js';
import type { CustomObjectDef, CustomValue, FieldValue, MauticError } from './types.js';

export type PlanResult = { ok: true; plan: ContactWritePlan } | { ok: false; errors: MauticError[] };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * `route` is the counter key of the call (`POST /api/contacts/new`); the plugin reads `customObjects`
 * only on the routes it listens on (`store.customObjectsRoutes`) and elsewhere it is an unknown key
 * that Mautic drops like any other.
 */
export function planContactWrite(store: MauticStore, body: unknown, route: string): PlanResult {
  if (!isRecord(body)) return { ok: false, errors: [mauticError(400, 'Request body must be a JSON object describing the contact.')] };
  // Collecting every problem (rather than stopping at the first) lets the gateway report each bad
  // field at once; each entry keeps the plugin's message wording.
  const pluginErrors = store.customObjectsRoutes.has(route) ? planCustomObjects(store, body.customObjects) : { items: [], errors: [] };
  const contactErrors: MauticError[] = [];
  const fields: Record<string, FieldValue> = {};
  const formDetails: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(body)) {
    const def = FIELD_BY_ALIAS.get(key);
    if (!def) continue; // Mautic drops keys that are not contact fields.
    if (raw === null || raw === '') {
      fields[key] = raw;
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      formDetails[key] = ['This value is not valid.'];
      continue;
    }
    const value = String(raw).trim();
    if (def.type === 'email' && !EMAIL_RE.test(value)) {
      formDetails[key] = ['A valid email is required.'];
      continue;
    }
    fields[key] = value;
  }
  let points: number | undefined;
  if (body.points !== undefined) {
    const n = typeof body.points === 'string' ? Number(body.points) : body.points;
    if (typeof n === 'number' && Number.isInteger(n)) points = n;
    else formDetails.points = ['This value should be of type integer.'];
  }
  const addTags: string[] = [];
  const removeTags: string[] = [];
  if (body.tags !== undefined) {
    const list = typeof body.tags === 'string' ? body.tags.split(',') : Array.isArray(body.tags) ? body.tags : null;
    if (!list?.every((t): t is string => typeof t === 'string')) formDetails.tags = ['This value is not valid.'];
    else {
      for (const raw of list.map((t) => t.trim()).filter(Boolean)) {
        // A leading minus removes the tag, as in Mautic's contact API.
        if (raw.startsWith('-')) removeTags.push(raw.slice(1));
        else addTags.push(raw);
      }
    }
  }
  for (const [field, messages] of Object.entries(formDetails)) {
    contactErrors.push(mauticError(400, `${field}: ${messages.join(' ')}`, { [field]: messages }));
  }
  if (pluginErrors.errors.length > 0 || contactErrors.length > 0) return { ok: false, errors: [...pluginErrors.errors, ...contactErrors] };
  const overwriteWithBlank = body.overwriteWithBlank === true || body.overwriteWithBlank === 'true' || body.overwriteWithBlank === 1;
  return { ok: true, plan: { fields, points, addTags, removeTags, items: pluginErrors.items, overwriteWithBlank } };
}

function planCustomObjects(store: MauticStore, customObjects: unknown): { items: (ItemInsert | ItemUpdate)[]; errors: MauticError[] } {
  const items: (ItemInsert | ItemUpdate)[] = [];
  const errors: MauticError[] = [];
  if (customObjects === undefined || customObjects === null) return { items, errors };
  if (!isRecord(customObjects) || !Array.isArray(customObjects.data)) {
    errors.push(mauticError(400, 'customObjects must be an object with a "data" array of Custom Objects'));
    return { items, errors };
  }
  for (const entry of customObjects.data) {
    if (!isRecord(entry)) {
      errors.push(mauticError(400, 'Each customObjects.data element must be an object with an id or alias'));
      continue;
    }
    let object: CustomObjectDef | undefined;
    // When both are sent the id decides, like the plugin which looks the object up by id first.
    const objectId = asId(entry.id);
    if (objectId !== undefined) {
      object = store.objectById(objectId);
      if (!object) errors.push(mauticError(400, `Custom Object with id = ${objectId} was not found`));
    } else if (typeof entry.alias === 'string') {
      object = store.objectByAlias(entry.alias);
      if (!object) errors.push(mauticError(400, `Custom Object with alias = ${entry.alias} was not found`));
    } else {
      errors.push(mauticError(400, 'A Custom Object must be identified by its id or alias'));
    }
    if (!object) continue;
    const list = entry.data ?? [];
    if (!Array.isArray(list)) {
      errors.push(mauticError(400, `Custom Object ${object.alias}: "data" must be an array of Custom Items`));
      continue;
    }
    for (const rawItem of list) {
      const planned = planItem(store, object, rawItem, errors);
      if (planned) items.push(planned);
    }
  }
  return { items, errors };
}

function planItem(
  store: MauticStore,
  object: CustomObjectDef,
  rawItem: unknown,
  errors: MauticError[],
): ItemInsert | ItemUpdate | undefined {
  if (!isRecord(rawItem)) {
    errors.push(mauticError(400, `Custom Object ${object.alias}: each Custom Item must be an object`));
    return undefined;
  }
  const before = errors.length;
  const rawAttributes = rawItem.attributes ?? {};
  const attributes: Record<string, CustomValue> = {};
  if (!isRecord(rawAttributes)) {
    errors.push(mauticError(400, `Custom Object ${object.alias}: "attributes" must be an object keyed by Custom Field alias`));
  } else {
    for (const [alias, raw] of Object.entries(rawAttributes)) {
      const field = object.fields.find((fd) => fd.alias === alias);
      if (!field) {
        errors.push(mauticError(400, `Custom Field with alias = ${alias} was not found`));
        continue;
      }
      const coerced = coerceCustomValue(field, raw);
      if (coerced.ok) attributes[alias] = coerced.value;
      else errors.push(mauticError(400, coerced.message));
    }
  }
  const name = rawItem.name;
  if (name !== undefined && name !== null && typeof name !== 'string') errors.push(mauticError(400, 'Custom Item name must be a string'));
  if (rawItem.id !== undefined && rawItem.id !== null) {
    const itemId = asId(rawItem.id);
    const item = itemId === undefined ? undefined : store.items.get(itemId);
    // An id of an item that belongs to another object is treated as unknown for this object.
    if (!item || item.objectId !== object.id) {
      errors.push(mauticError(400, `Custom Item with ID = ${String(rawItem.id)} was not found`));
      return undefined;
    }
    if (typeof name === 'string' && name.trim() === '') errors.push(mauticError(400, 'Custom Item name: This value should not be blank.'));
    if (errors.length > before) return undefined;
    return { kind: 'update', item, name: typeof name === 'string' ? name.trim() : undefined, attributes };
  }
  if (typeof name !== 'string' || name.trim() === '') errors.push(mauticError(400, 'Custom Item name: This value should not be blank.'));
  for (const field of object.fields) {
    if (field.required && (attributes[field.alias] === undefined || attributes[field.alias] === null)) {
      errors.push(mauticError(400, `Custom Field '${field.alias}': This value should not be blank.`));
    }
  }
  if (errors.length > before || typeof name !== 'string') return undefined;
  return { kind: 'insert', object, name: name.trim(), attributes };
}
