// Catalogs ("bags") and their items. Every success body is `{data, metaData}` except item writes,
// which answer the literal `true`; item `value` goes out as a JSON-encoded string.
import { json, type SandboxHandler, type SandboxRequest, type SandboxResponse, type SandboxRoute } from '../harness.js';
import { intParam, isRecord, type SyneriseContext } from './context.js';
import { catalogError } from './errors.js';
import type { CatalogItemRecord, CatalogRecord } from './types.js';
import { catalogEnvelope, catalogView, itemView } from './views.js';

/** Not documented; 100 is assumed. */
const DEFAULT_LIMIT = 100;
const ORDER_BY = ['id', 'author', 'lastModified', 'creationDate'] as const;

type Paging = { ok: true; offset: number; limit: number } | { ok: false; response: SandboxResponse };

function paging(req: SandboxRequest): Paging {
  const offset = intParam(req.query.get('offset'), 0, 0);
  const limit = intParam(req.query.get('limit'), DEFAULT_LIMIT, 1);
  if (!offset.ok) return { ok: false, response: catalogError(400, `offset must be a non-negative integer (got ${offset.raw})`) };
  if (!limit.ok) return { ok: false, response: catalogError(400, `limit must be a positive integer (got ${limit.raw})`) };
  return { ok: true, offset: offset.value, limit: limit.value };
}

function body(req: SandboxRequest): { ok: true; value: unknown } | { ok: false; response: SandboxResponse } {
  const parsed = req.json();
  return parsed.ok ? parsed : { ok: false, response: catalogError(400, 'JSON parse error: request body is not valid JSON') };
}

function validItem(v: unknown, at: string): { itemKey: string; value: Record<string, unknown> } | string {
  if (!isRecord(v)) return `${at} must be an object with itemKey and value`;
  if (typeof v.itemKey !== 'string' || v.itemKey === '') return `${at}itemKey is required`;
  if (!isRecord(v.value)) return `${at}value is required and must be an object`;
  return { itemKey: v.itemKey, value: v.value };
}

export function catalogRoutes(ctx: SyneriseContext): SandboxRoute[] {
  const { store } = ctx;

  const catalogOr404 = (req: SandboxRequest): CatalogRecord | SandboxResponse => {
    const raw = req.params.catalogId ?? '';
    if (!/^\d+$/.test(raw)) return catalogError(400, `catalogId must be an integer (got ${raw})`);
    return store.catalogs.get(Number(raw)) ?? catalogError(404, `Catalog with id ${raw} not found`);
  };
  const isCatalog = (v: CatalogRecord | SandboxResponse): v is CatalogRecord => 'name' in v;

  const itemByIdOr404 = (req: SandboxRequest, catalog: CatalogRecord): CatalogItemRecord | SandboxResponse => {
    const raw = req.params.itemId ?? '';
    if (!/^\d+$/.test(raw)) return catalogError(400, `itemId must be an integer (got ${raw})`);
    const item = store.items.get(Number(raw));
    return item && item.catalogId === catalog.id ? item : catalogError(404, `Item with id ${raw} not found in catalog ${catalog.id}`);
  };
  const isItem = (v: CatalogItemRecord | SandboxResponse): v is CatalogItemRecord => 'itemKey' in v;

  const listCatalogs: SandboxHandler = (req) => {
    const started = Date.now();
    const p = paging(req);
    if (!p.ok) return p.response;
    const orderBy = req.query.get('orderBy') ?? 'id';
    if (!(ORDER_BY as readonly string[]).includes(orderBy)) return catalogError(400, `orderBy must be one of ${ORDER_BY.join(', ')}`);
    const search = req.query.get('searchBy')?.toLowerCase();
    const rows = [...store.catalogs.values()]
      .filter(
        (c) =>
          !search ||
          c.name.toLowerCase().includes(search) ||
          c.author
            .toLowerCase()
            .split(' ')
            .some((n) => n.includes(search)),
      )
      .sort((a, b) => {
        // "Order is always ascending."
        const key = orderBy as (typeof ORDER_BY)[number];
        const va = a[key];
        const vb = b[key];
        return va < vb ? -1 : va > vb ? 1 : a.id - b.id;
      });
    return json(200, catalogEnvelope(rows.slice(p.offset, p.offset + p.limit).map(catalogView), rows.length, started));
  };

  const createCatalog: SandboxHandler = (req) => {
    const started = Date.now();
    const b = body(req);
    if (!b.ok) return b.response;
    if (!isRecord(b.value) || typeof b.value.name !== 'string' || b.value.name.trim() === '') return catalogError(400, 'name is required');
    const name = b.value.name;
    if ([...store.catalogs.values()].some((c) => c.name === name)) return catalogError(409, `Catalog with name ${name} already exists`);
    const now = Date.now();
    const catalog: CatalogRecord = { id: store.nextCatalogId, name, author: 'API', creationDate: now, lastModified: now };
    store.addCatalog(catalog);
    return json(200, catalogEnvelope(catalogView(catalog), 1, started));
  };

  const deleteCatalogs: SandboxHandler = (req) => {
    const started = Date.now();
    const b = body(req);
    if (!b.ok) return b.response;
    if (!Array.isArray(b.value) || !b.value.every((x): x is number => typeof x === 'number'))
      return catalogError(400, 'Body must be an array of catalog ids');
    const results = b.value.map((id) => ({ id, result: store.deleteCatalog(id) }));
    return json(200, catalogEnvelope(results, results.length, started));
  };

  const getCatalog: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    return isCatalog(c) ? json(200, catalogEnvelope(catalogView(c), 1, started)) : c;
  };

  const deleteCatalog: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    store.deleteCatalog(c.id);
    return json(200, catalogEnvelope(true, 0, started));
  };

  const keys: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const set = new Set<string>();
    for (const item of store.itemsOf(c.id)) for (const k of Object.keys(item.value)) set.add(k);
    return json(200, catalogEnvelope([...set], set.size, started));
  };

  const listItems: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const p = paging(req);
    if (!p.ok) return p.response;
    const key = req.query.get('itemKey');
    const rows = store.itemsOf(c.id).filter((i) => key === null || i.itemKey === key);
    return json(
      200,
      catalogEnvelope(
        rows.slice(p.offset, p.offset + p.limit).map((i) => itemView(i, c)),
        rows.length,
        started,
      ),
    );
  };

  const addItem: SandboxHandler = (req) => {
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const b = body(req);
    if (!b.ok) return b.response;
    const item = validItem(b.value, '');
    if (typeof item === 'string') return catalogError(400, item);
    // Adding an existing itemKey replaces that item's value (upsert by key).
    store.upsertItem(c.id, item.itemKey, item.value, Date.now());
    return json(200, true);
  };

  const addItems: SandboxHandler = (req) => {
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const b = body(req);
    if (!b.ok) return b.response;
    if (!Array.isArray(b.value)) return catalogError(400, 'Body must be an array of items');
    const items: unknown[] = b.value;
    const valid: { itemKey: string; value: Record<string, unknown> }[] = [];
    for (const [i, raw] of items.entries()) {
      const item = validItem(raw, `[${i}].`);
      if (typeof item === 'string') return catalogError(400, item);
      valid.push(item);
    }
    const now = Date.now();
    for (const item of valid) store.upsertItem(c.id, item.itemKey, item.value, now);
    return json(200, true);
  };

  const getItemByKey: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const item = store.itemByKey(c.id, req.params.itemKey ?? '');
    return item
      ? json(200, catalogEnvelope(itemView(item, c), 1, started))
      : catalogError(404, `Item with key ${req.params.itemKey} not found in catalog ${c.id}`);
  };

  const deleteItemByKey: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const item = store.itemByKey(c.id, req.params.itemKey ?? '');
    if (!item) return catalogError(404, `Item with key ${req.params.itemKey} not found in catalog ${c.id}`);
    store.deleteItem(item, Date.now());
    return json(200, catalogEnvelope(true, 0, started));
  };

  const getItem: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const item = itemByIdOr404(req, c);
    return isItem(item) ? json(200, catalogEnvelope(itemView(item, c), 1, started)) : item;
  };

  const updateItem: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const item = itemByIdOr404(req, c);
    if (!isItem(item)) return item;
    const b = body(req);
    if (!b.ok) return b.response;
    if (!isRecord(b.value)) return catalogError(400, 'Body must be a JSON object with the properties of the item');
    // Full replace: "If you omit an existing property, it is removed from the item entirely."
    store.upsertItem(c.id, item.itemKey, { ...b.value }, Date.now());
    return json(200, catalogEnvelope(itemView(item, c), 1, started));
  };

  const deleteItem: SandboxHandler = (req) => {
    const started = Date.now();
    const c = catalogOr404(req);
    if (!isCatalog(c)) return c;
    const item = itemByIdOr404(req, c);
    if (!isItem(item)) return item;
    store.deleteItem(item, Date.now());
    return json(200, catalogEnvelope(true, 0, started));
  };

  const allItems: SandboxHandler = (req) => {
    const started = Date.now();
    const p = paging(req);
    if (!p.ok) return p.response;
    const rows = [...store.items.values()].sort((a, b) => a.id - b.id);
    const page = rows.slice(p.offset, p.offset + p.limit).flatMap((i) => {
      const c = store.catalogs.get(i.catalogId);
      return c ? [itemView(i, c)] : [];
    });
    return json(200, catalogEnvelope(page, rows.length, started));
  };

  const itemDetail: SandboxHandler = (req) => {
    const started = Date.now();
    const catalogName = req.query.get('catalogName');
    const key = req.query.get('key');
    if (!catalogName || !key) return catalogError(400, 'catalogName and key are required');
    const c = [...store.catalogs.values()].find((x) => x.name === catalogName);
    if (!c) return catalogError(404, `Catalog ${catalogName} not found`);
    const item = store.itemByKey(c.id, key);
    if (!item) return catalogError(404, `Item with key ${key} not found in catalog ${catalogName}`);
    // Unlike the other item reads, itemDetail returns the properties flattened, with the key as itemId.
    return json(200, catalogEnvelope({ itemId: item.itemKey, ...item.value }, 1, started));
  };

  return [
    { method: 'GET', pattern: '/catalogs/bags', handler: listCatalogs },
    { method: 'POST', pattern: '/catalogs/bags', handler: createCatalog },
    { method: 'DELETE', pattern: '/catalogs/bags', handler: deleteCatalogs },
    { method: 'GET', pattern: '/catalogs/bags/{catalogId}', handler: getCatalog },
    { method: 'DELETE', pattern: '/catalogs/bags/{catalogId}', handler: deleteCatalog },
    { method: 'GET', pattern: '/catalogs/bags/{catalogId}/keys', handler: keys },
    { method: 'GET', pattern: '/catalogs/bags/{catalogId}/items', handler: listItems },
    { method: 'POST', pattern: '/catalogs/bags/{catalogId}/items', handler: addItem },
    { method: 'POST', pattern: '/catalogs/bags/{catalogId}/items/batch', handler: addItems },
    { method: 'GET', pattern: '/catalogs/bags/{catalogId}/items/itemKey/{itemKey}', handler: getItemByKey },
    { method: 'DELETE', pattern: '/catalogs/bags/{catalogId}/items/itemKey/{itemKey}', handler: deleteItemByKey },
    { method: 'GET', pattern: '/catalogs/bags/{catalogId}/items/{itemId}', handler: getItem },
    { method: 'PUT', pattern: '/catalogs/bags/{catalogId}/items/{itemId}', handler: updateItem },
    { method: 'DELETE', pattern: '/catalogs/bags/{catalogId}/items/{itemId}', handler: deleteItem },
    { method: 'GET', pattern: '/catalogs/items', handler: allItems },
    { method: 'GET', pattern: '/catalogs/itemDetail', handler: itemDetail },
  ];
}
