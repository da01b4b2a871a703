// v4 profile ("client") routes: list, lookups, create/batch (asynchronous), update, delete.
import { json, type SandboxHandler, type SandboxRequest, type SandboxResponse, type SandboxRoute } from '../harness.js';
import { checkApiVersion, errorPath, intParam, type SyneriseContext } from './context.js';
import { type BatchFieldError, batchValidationError, type FieldError, springError, validationError } from './errors.js';
import { applyProfileInput, hasIdentifier, newProfile, type ProfileInput, parseProfileInput } from './profile-input.js';
import type { IdentifierKind, SyneriseStore } from './store.js';
import type { ProfileRecord } from './types.js';
import { isAnonymous, v4Profile } from './views.js';

const BATCH_LIMIT = 1000;
const ONE_MB = 1024 * 1024;

/** Wraps a `/v4` handler with the Api-Version check (auth has already passed by then). */
export function v4(handler: SandboxHandler): SandboxHandler {
  return (req) => checkApiVersion(req) ?? handler(req);
}

function notFound(req: SandboxRequest): SandboxResponse {
  return springError(404, 'Client not found', errorPath(req));
}

function parseClientId(req: SandboxRequest, raw: string): number | SandboxResponse {
  if (!/^\d+$/.test(raw)) {
    return springError(
      400,
      `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${raw}"`,
      errorPath(req),
    );
  }
  return Number(raw);
}

function jsonBody(req: SandboxRequest): { ok: true; value: unknown } | { ok: false; response: SandboxResponse } {
  const parsed = req.json();
  if (parsed.ok) return parsed;
  return { ok: false, response: springError(400, 'JSON parse error: Unexpected character in request body', errorPath(req)) };
}

const IDENTIFIER_TYPES: Record<string, IdentifierKind> = {
  'by-email': 'email',
  'by-custom-id': 'customId',
  'by-uuid': 'uuid',
  'by-phone': 'phone',
};

const SORT_FIELDS = ['firstName', 'lastName', 'lastActivityDate', 'email', 'city', 'phone'] as const;

function sortValue(p: ProfileRecord, field: (typeof SORT_FIELDS)[number]): string | number | null {
  switch (field) {
    case 'lastActivityDate':
      return p.lastActivity;
    case 'email':
      return p.email?.toLowerCase() ?? null;
    default:
      return p[field]?.toLowerCase() ?? null;
  }
}

/** Create or batch item: upsert by identifier, as the real "add/update" queue does. */
function upsert(store: SyneriseStore, input: ProfileInput, now: number): void {
  const s = input.strings;
  let target: ProfileRecord | undefined;
  if (input.clientId !== undefined) {
    target = store.find('id', input.clientId);
    // clientId can only update an existing profile; an unknown one is dropped by the queue.
    if (!target) return;
  }
  target ??=
    (s.customId ? store.find('customId', s.customId) : undefined) ??
    (s.email ? store.find('email', s.email) : undefined) ??
    (s.uuid ? store.find('uuid', s.uuid) : undefined) ??
    (s.phone ? store.find('phone', s.phone) : undefined);
  const base = target ?? newProfile(store.nextClientId, now);
  const candidate = {
    email: s.email !== undefined ? s.email || null : base.email,
    customId: s.customId !== undefined ? s.customId || null : base.customId,
    uuid: s.uuid ? s.uuid : base.uuid,
  };
  // A write that would steal another profile's identifier is rejected inside the queue; the
  // caller already got its 202, exactly as with the real asynchronous API.
  if (store.conflict(candidate, target?.clientId)) return;
  if (target) store.updateProfile(target, (p) => applyProfileInput(p, input, now));
  else {
    applyProfileInput(base, input, now);
    base.created = now;
    store.insertProfile(base);
  }
}

export function profileRoutes(ctx: SyneriseContext): SandboxRoute[] {
  const { store } = ctx;

  const list: SandboxHandler = (req) => {
    const q = req.query;
    const errors: FieldError[] = [];
    // Bounds are documented (>= 1); the defaults are not, 1 and 20 are assumed.
    const pageIndex = intParam(q.get('pageIndex'), 1, 1);
    const pageSize = intParam(q.get('pageSize'), 20, 1);
    if (!pageIndex.ok)
      errors.push({ code: 120, field: 'pageIndex', message: 'must be greater than or equal to 1', rejectedValue: pageIndex.raw });
    if (!pageSize.ok)
      errors.push({ code: 120, field: 'pageSize', message: 'must be greater than or equal to 1', rejectedValue: pageSize.raw });
    const sortBy = q.get('sortBy');
    if (sortBy !== null && !(SORT_FIELDS as readonly string[]).includes(sortBy)) {
      errors.push({ code: 120, field: 'sortBy', message: `must be one of ${SORT_FIELDS.join(', ')}`, rejectedValue: sortBy });
    }
    const sortOrder = (q.get('sortOrder') ?? 'ASC').toUpperCase();
    if (sortOrder !== 'ASC' && sortOrder !== 'DESC')
      errors.push({ code: 120, field: 'sortOrder', message: 'must be ASC or DESC', rejectedValue: q.get('sortOrder') });
    const anonymous = q.get('filters[anonymous]');
    if (anonymous !== null && anonymous !== 'true' && anonymous !== 'false') {
      errors.push({ code: 120, field: 'filters[anonymous]', message: 'must be a boolean', rejectedValue: anonymous });
    }
    if (errors.length > 0 || !pageIndex.ok || !pageSize.ok) return validationError(errorPath(req), errors);

    const eq = (a: string | null, b: string | null): boolean => b === null || (a !== null && a.toLowerCase() === b.toLowerCase());
    const f = {
      firstName: q.get('filters[firstName]'),
      lastName: q.get('filters[lastName]'),
      email: q.get('filters[email]'),
      phone: q.get('filters[phone]'),
    };
    let rows = [...store.profiles.values()].filter(
      (p) =>
        eq(p.firstName, f.firstName) &&
        eq(p.lastName, f.lastName) &&
        eq(p.email, f.email) &&
        (f.phone === null || p.phone === f.phone) &&
        (anonymous === null || isAnonymous(p) === (anonymous === 'true')),
    );
    const dir = sortOrder === 'DESC' ? -1 : 1;
    if (sortBy !== null) {
      const field = sortBy as (typeof SORT_FIELDS)[number];
      rows = rows.sort((a, b) => {
        const va = sortValue(a, field);
        const vb = sortValue(b, field);
        if (va === vb) return a.clientId - b.clientId;
        if (va === null) return 1; // nulls last in either direction
        if (vb === null) return -1;
        return (va < vb ? -1 : 1) * dir;
      });
    } else {
      rows = rows.sort((a, b) => (a.clientId - b.clientId) * dir);
    }
    const start = (pageIndex.value - 1) * pageSize.value;
    return json(200, rows.slice(start, start + pageSize.value).map(v4Profile));
  };

  const getById: SandboxHandler = (req) => {
    const id = parseClientId(req, req.params.clientId ?? '');
    if (typeof id !== 'number') return id;
    const p = store.find('id', id);
    return p ? json(200, v4Profile(p)) : notFound(req);
  };

  const getByIdentifier: SandboxHandler = (req) => {
    const kind = IDENTIFIER_TYPES[req.params.identifierType ?? ''];
    if (!kind) {
      return springError(
        400,
        `Invalid identifierType '${req.params.identifierType}'; expected one of ${Object.keys(IDENTIFIER_TYPES).join(', ')}`,
        errorPath(req),
      );
    }
    const p = store.find(kind, req.params.identifierValue ?? '');
    return p ? json(200, v4Profile(p)) : notFound(req);
  };

  const create: SandboxHandler = (req) => {
    const body = jsonBody(req);
    if (!body.ok) return body.response;
    const { input, errors } = parseProfileInput(body.value, { allowClientId: false });
    if (errors.length === 0 && !hasIdentifier(input)) {
      errors.push({
        code: 120,
        field: 'email',
        message: 'At least one identifier is required: email, phone, customId or uuid',
        rejectedValue: null,
      });
    }
    if (errors.length > 0) return validationError(errorPath(req), errors);
    const now = Date.now();
    ctx.defer(() => upsert(store, input, now));
    return { status: 202 };
  };

  const batch: SandboxHandler = (req) => {
    if (Buffer.byteLength(req.bodyText) > ONE_MB) return springError(413, 'The request body cannot exceed 1 MB', errorPath(req));
    const body = jsonBody(req);
    if (!body.ok) return body.response;
    if (!Array.isArray(body.value))
      return batchValidationError([{ rejectedValue: body.value, field: 'list', status: 400, message: 'must be an array' }]);
    const items: unknown[] = body.value;
    if (items.length > BATCH_LIMIT) {
      return batchValidationError([
        { rejectedValue: items.length, field: 'list', status: 400, message: `size must be between 0 and ${BATCH_LIMIT}` },
      ]);
    }
    const errors: BatchFieldError[] = [];
    const inputs: ProfileInput[] = [];
    items.forEach((item, i) => {
      const parsed = parseProfileInput(item, { allowClientId: true });
      for (const e of parsed.errors)
        errors.push({ rejectedValue: e.rejectedValue, field: `list[${i}].${e.field}`, status: 400, message: e.message });
      if (parsed.errors.length === 0 && parsed.input.clientId === undefined && !hasIdentifier(parsed.input)) {
        errors.push({
          rejectedValue: null,
          field: `list[${i}]`,
          status: 400,
          message: 'At least one identifier is required: email, phone, customId, uuid or clientId',
        });
      }
      inputs.push(parsed.input);
    });
    if (errors.length > 0) return batchValidationError(errors);
    const now = Date.now();
    ctx.defer(() => {
      for (const input of inputs) upsert(store, input, now);
    });
    return { status: 202 };
  };

  const update =
    (find: (req: SandboxRequest) => ProfileRecord | SandboxResponse | undefined): SandboxHandler =>
    (req) => {
      const found = find(req);
      if (found === undefined) return notFound(req);
      if (!('clientId' in found)) return found;
      const body = jsonBody(req);
      if (!body.ok) return body.response;
      const { input, errors } = parseProfileInput(body.value, { allowClientId: false });
      const s = input.strings;
      const clash = store.conflict(
        {
          email: s.email !== undefined ? s.email || null : found.email,
          customId: s.customId !== undefined ? s.customId || null : found.customId,
          uuid: s.uuid || found.uuid,
        },
        found.clientId,
      );
      if (clash)
        errors.push({
          code: 120,
          field: clash.field,
          message: `${clash.field} is already used by another profile`,
          rejectedValue: clash.value,
        });
      if (errors.length > 0) return validationError(errorPath(req), errors);
      // Validated at once, applied later like creates: the reference does not promise that the
      // 202 means the change is visible, so a read right after may still show the old profile.
      const now = Date.now();
      ctx.defer(() => {
        if (store.find('id', found.clientId)) store.updateProfile(found, (p) => applyProfileInput(p, input, now));
      });
      return { status: 202 };
    };

  const byIdParam = (req: SandboxRequest): ProfileRecord | SandboxResponse | undefined => {
    const id = parseClientId(req, req.params.clientId ?? '');
    return typeof id === 'number' ? store.find('id', id) : id;
  };

  const remove =
    (find: (req: SandboxRequest) => ProfileRecord | SandboxResponse | undefined): SandboxHandler =>
    (req) => {
      const found = find(req);
      if (found === undefined) return notFound(req);
      if (!('clientId' in found)) return found;
      store.deleteProfile(found.clientId);
      // The doc shows no success body; 204 No Content is assumed.
      return { status: 204 };
    };

  const byCustomId = (req: SandboxRequest): ProfileRecord | undefined => store.find('customId', req.params.customId ?? '');

  return [
    {
      method: 'GET',
      pattern: '/v4/server/time',
      public: true,
      handler: v4(() => json(200, { serverTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') })),
    },
    { method: 'GET', pattern: '/v4/clients', handler: v4(list) },
    { method: 'POST', pattern: '/v4/clients', handler: v4(create) },
    { method: 'POST', pattern: '/v4/clients/batch', handler: v4(batch) },
    {
      method: 'POST',
      pattern: '/v4/clients/by-email/{clientEmail}',
      handler: v4(update((req) => store.find('email', req.params.clientEmail ?? ''))),
    },
    { method: 'POST', pattern: '/v4/clients/by-customid/{customId}', handler: v4(update(byCustomId)) },
    { method: 'POST', pattern: '/v4/clients/{clientId}', handler: v4(update(byIdParam)) },
    { method: 'GET', pattern: '/v4/clients/{clientId}', handler: v4(getById) },
    { method: 'GET', pattern: '/v4/clients/{identifierType}/{identifierValue}', handler: v4(getByIdentifier) },
    { method: 'DELETE', pattern: '/v4/clients/by-custom-id/{customId}', handler: v4(remove(byCustomId)) },
    // Only the reference's spelling: php-sdk's `by-customid` (the update path's) is not documented for deletes.
    { method: 'DELETE', pattern: '/v4/clients/{clientId}', handler: v4(remove(byIdParam)) },
  ];
}
