// Core contact endpoints the Custom Objects plugin rides on: list/search, get, create-or-update,
// edit and delete. Every write goes through `planContactWrite`, so it is validated in full first.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { errorResponse, notFoundResponse, singleError } from './errors.js';
import { planContactWrite } from './payload.js';
import { contactComparator, parseSearch, parseWhere, whereToPredicate } from './search.js';
import { contactListJson, contactToWire } from './serialize.js';
import type { MauticStore } from './store.js';

/** Mautic's `default_pagelimit`, used when `limit` is absent. */
export const DEFAULT_LIMIT = 30;

export function wantsCustomObjects(req: SandboxRequest): boolean {
  const v = req.query.get('includeCustomObjects');
  return v === 'true' || v === '1';
}

export function parseContactId(raw: string | undefined): number | undefined {
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function intParam(raw: string | null): number | undefined {
  if (raw === null || !/^-?\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

export function contactRoutes(store: MauticStore): SandboxRoute[] {
  const list = (req: SandboxRequest): SandboxResponse => {
    const q = req.query;
    const start = Math.max(0, intParam(q.get('start')) ?? 0);
    const askedLimit = intParam(q.get('limit'));
    const limit = askedLimit !== undefined && askedLimit > 0 ? askedLimit : DEFAULT_LIMIT;
    const dir = (q.get('orderByDir') ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc';
    const orderBy = q.get('orderBy') || null;
    const comparator = contactComparator(orderBy, dir);
    // Real Mautic lets Doctrine fail on an unknown column (a 500 in some versions); a 400 is clearer.
    if (!comparator) return singleError(400, `orderBy: unknown column "${orderBy ?? ''}"`);
    const where = whereToPredicate(parseWhere(q));
    if (!where.ok) return singleError(400, where.message);
    const search = parseSearch(q.get('search') ?? '');
    const matches = [...store.contacts.values()].filter((c) => where.predicate(c) && search(c)).sort(comparator);
    const page = matches.slice(start, start + limit);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: contactListJson(store, matches.length, page, wantsCustomObjects(req)),
    };
  };

  const getOne = (req: SandboxRequest): SandboxResponse => {
    const id = parseContactId(req.params.id);
    const contact = id === undefined ? undefined : store.contacts.get(id);
    if (!contact) return notFoundResponse();
    return { status: 200, body: { contact: contactToWire(store, contact, wantsCustomObjects(req)) } };
  };

  const createOrUpdate = (req: SandboxRequest): SandboxResponse => {
    const parsed = req.json();
    if (!parsed.ok) return singleError(400, 'Request body is not valid JSON.');
    const result = planContactWrite(store, parsed.value, 'POST /api/contacts/new');
    if (!result.ok) return errorResponse(400, result.errors);
    const existing = store.findByUniqueIdentifiers(result.plan.fields);
    const { contact, created } = store.apply(existing, result.plan);
    return { status: created ? 201 : 200, body: { contact: contactToWire(store, contact, wantsCustomObjects(req)) } };
  };

  const edit = (req: SandboxRequest): SandboxResponse => {
    const id = parseContactId(req.params.id);
    const contact = id === undefined ? undefined : store.contacts.get(id);
    if (!contact) return notFoundResponse();
    const parsed = req.json();
    if (!parsed.ok) return singleError(400, 'Request body is not valid JSON.');
    const result = planContactWrite(store, parsed.value, 'PATCH /api/contacts/{id}/edit');
    if (!result.ok) return errorResponse(400, result.errors);
    store.apply(contact, result.plan);
    return { status: 200, body: { contact: contactToWire(store, contact, wantsCustomObjects(req)) } };
  };

  const remove = (req: SandboxRequest): SandboxResponse => {
    const id = parseContactId(req.params.id);
    const contact = id === undefined ? undefined : store.contacts.get(id);
    if (!contact) return notFoundResponse();
    // Serialised before the delete so the answer still names the contact's id and fields.
    const wire = contactToWire(store, contact, false);
    store.deleteContact(contact.id);
    return { status: 200, body: { contact: wire } };
  };

  return [
    { method: 'GET', pattern: '/api/contacts', handler: list },
    { method: 'POST', pattern: '/api/contacts/new', handler: createOrUpdate },
    { method: 'GET', pattern: '/api/contacts/{id}', handler: getOne },
    { method: 'PATCH', pattern: '/api/contacts/{id}/edit', handler: edit },
    { method: 'DELETE', pattern: '/api/contacts/{id}/delete', handler: remove },
  ];
}
