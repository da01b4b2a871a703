// CRM (`/crm/v1`) routes, which spell profiles the CRM way (`id`, `firstname`, `custom_identify`),
// and segmentation members. The reference has no call that lists or reads segmentation definitions
// (they are referenced only by UUID), so neither does this sandbox.
import { json, type SandboxHandler, type SandboxRequest, type SandboxResponse, type SandboxRoute } from '../harness.js';
import { intParam, type SyneriseContext } from './context.js';
import { springError } from './errors.js';
import type { ProfileRecord } from './types.js';
import { crmContacts, crmProfile, isAnonymous } from './views.js';

const RECOGNIZED = ['RECOGNIZED', 'true', 'ANONYMOUS', 'false', 'NONE'] as const;

/** CRM field names accepted by `search` and `sortBy`, with their v4 spelling as aliases. */
const CRM_FIELDS: Record<string, (p: ProfileRecord) => string | number | null> = {
  id: (p) => p.clientId,
  email: (p) => p.email,
  firstname: (p) => p.firstName,
  firstName: (p) => p.firstName,
  lastname: (p) => p.lastName,
  lastName: (p) => p.lastName,
  custom_identify: (p) => p.customId,
  customId: (p) => p.customId,
  phone: (p) => p.phone,
  city: (p) => p.city,
  company: (p) => p.company,
  uuid: (p) => p.uuid,
  last_activity_date: (p) => p.lastActivity,
  created: (p) => p.created,
};

type Listing = { ok: true; body: Record<string, unknown> } | { ok: false; response: SandboxResponse };

/** Shared `limit/offset/recognized/search/sortBy` handling of the CRM customers envelope. */
function listCustomers(req: SandboxRequest, source: ProfileRecord[], opts: { search: boolean; sort: boolean }): Listing {
  const q = req.query;
  const limit = intParam(q.get('limit'), 25, 0);
  const offset = intParam(q.get('offset'), 0, 0);
  if (!limit.ok) return { ok: false, response: springError(400, `limit must be a non-negative integer (got ${limit.raw})`, req.path) };
  if (!offset.ok) return { ok: false, response: springError(400, `offset must be a non-negative integer (got ${offset.raw})`, req.path) };
  const recognized = q.get('recognized') ?? 'NONE';
  if (!(RECOGNIZED as readonly string[]).includes(recognized)) {
    return { ok: false, response: springError(400, `recognized must be one of ${RECOGNIZED.join(', ')}`, req.path) };
  }
  let rows = source.filter((p) => {
    if (recognized === 'RECOGNIZED' || recognized === 'true') return !isAnonymous(p);
    if (recognized === 'ANONYMOUS' || recognized === 'false') return isAnonymous(p);
    return true;
  });
  const search = opts.search ? q.get('search') : null;
  if (search) {
    const colon = search.indexOf(':');
    if (colon > 0) {
      const get = CRM_FIELDS[search.slice(0, colon)];
      if (!get) return { ok: false, response: springError(400, `Unknown search field '${search.slice(0, colon)}'`, req.path) };
      const needle = search.slice(colon + 1).toLowerCase();
      rows = rows.filter((p) =>
        String(get(p) ?? '')
          .toLowerCase()
          .includes(needle),
      );
    } else {
      // A bare string (the doc's sentence is cut off here) is matched against the main fields.
      const needle = search.toLowerCase();
      rows = rows.filter((p) => [p.email, p.firstName, p.lastName, p.customId].some((v) => v?.toLowerCase().includes(needle)));
    }
  }
  const sortBy = opts.sort ? q.get('sortBy') : null;
  if (sortBy) {
    const [field = '', order = 'asc'] = sortBy.split(':');
    const get = CRM_FIELDS[field];
    if (!get || !['asc', 'desc'].includes(order.toLowerCase())) {
      return { ok: false, response: springError(400, `sortBy must be field:orderType, e.g. email:asc (got ${sortBy})`, req.path) };
    }
    const dir = order.toLowerCase() === 'desc' ? -1 : 1;
    rows = [...rows].sort((a, b) => {
      const va = get(a);
      const vb = get(b);
      if (va === vb) return a.clientId - b.clientId;
      if (va === null) return 1;
      if (vb === null) return -1;
      const x = typeof va === 'string' ? va.toLowerCase() : va;
      const y = typeof vb === 'string' ? vb.toLowerCase() : vb;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }
  return {
    ok: true,
    body: {
      customers: rows.slice(offset.value, offset.value + limit.value).map(crmProfile),
      all: source.length,
      limit: limit.value,
      offset: offset.value,
      matching: rows.length,
    },
  };
}

export function crmRoutes(ctx: SyneriseContext): SandboxRoute[] {
  const { store } = ctx;

  const profileOr404 = (req: SandboxRequest): ProfileRecord | SandboxResponse => {
    const raw = req.params.clientId ?? '';
    if (!/^\d+$/.test(raw))
      return springError(
        400,
        `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${raw}"`,
        req.path,
      );
    return store.find('id', Number(raw)) ?? springError(404, 'Client not found', req.path);
  };

  const list: SandboxHandler = (req) => {
    const all = [...store.profiles.values()].sort((a, b) => a.clientId - b.clientId);
    const r = listCustomers(req, all, { search: true, sort: true });
    return r.ok ? json(200, r.body) : r.response;
  };

  const contacts: SandboxHandler = (req) => {
    const p = profileOr404(req);
    return 'clientId' in p ? json(200, crmContacts(p)) : p;
  };

  const lastActivity: SandboxHandler = (req) => {
    const p = profileOr404(req);
    if (!('clientId' in p)) return p;
    return json(200, {
      last_activity_date: p.lastActivity === null ? null : new Date(p.lastActivity).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  };

  const segmentMembers: SandboxHandler = (req) => {
    const seg = store.segmentations.get(req.params.UUID ?? '');
    if (!seg) return springError(404, `Segmentation ${req.params.UUID} not found`, req.path);
    const r = listCustomers(req, store.membersOf(seg), { search: true, sort: true });
    return r.ok ? json(200, r.body) : r.response;
  };

  return [
    { method: 'GET', pattern: '/crm/v1/list', handler: list },
    { method: 'GET', pattern: '/crm/v1/clients/{clientId}/contacts', handler: contacts },
    { method: 'GET', pattern: '/crm/v1/clients/{clientId}/last-activity', handler: lastActivity },
    { method: 'GET', pattern: '/crm/v1/segmentations/{UUID}/clients', handler: segmentMembers },
  ];
}
