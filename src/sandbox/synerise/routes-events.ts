// Writing events: the custom event, the predefined single-event endpoints and the batch.
import { randomUUID } from 'node:crypto';
import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { errorPath, isRecord, type SyneriseContext } from './context.js';
import { type EventFieldError, eventValidationError, springError } from './errors.js';
import { newProfile } from './profile-input.js';
import { v4 } from './routes-profiles.js';
import type { SyneriseStore } from './store.js';

const BATCH_LIMIT = 1000;
const ONE_MB = 1024 * 1024;
const CLIENT_KEYS = ['id', 'uuid', 'customId', 'email'] as const;

/** Predefined event endpoints: path slug → action set by the backend, and required params. */
export const PREDEFINED_EVENTS: Record<string, { action: string; requiredParams?: string[] }> = {
  'application-started': { action: 'client.applicationStarted', requiredParams: ['applicationName', 'version'] },
  registered: { action: 'client.register' },
  'logged-in': { action: 'client.login' },
  'logged-out': { action: 'client.logout' },
  'added-to-cart': { action: 'product.addToCart', requiredParams: ['sku'] },
  'removed-from-cart': { action: 'product.removeFromCart', requiredParams: ['sku'] },
  'added-to-favorites': { action: 'product.addToFavorite' },
  'product-view': { action: 'product.view' },
  'assigned-to-company': { action: 'client.assignToCompany', requiredParams: ['companyId'] },
  'appeared-in-location': { action: 'client.location' },
  'push/received': { action: 'push.receiveInBackground' },
  'push/viewed': { action: 'push.view' },
  'push/clicked': { action: 'push.click' },
  'push/cancelled': { action: 'push.cancel' },
  'hit-timer': { action: 'client.hitTimer' },
  searched: { action: 'client.search' },
  'visited-screen': { action: 'screen.view' },
};

export interface ValidEvent {
  action: string;
  label: string;
  client: Partial<Record<(typeof CLIENT_KEYS)[number], string | number>>;
  time: string | null;
  eventSalt: string | null;
  params: Record<string, unknown>;
}

/**
 * Validates one event body. `kind` is the predefined slug, or 'custom' (which needs `action`),
 * or undefined for batch items, whose `type` decides.
 */
function validateEvent(body: unknown, prefix: string, kind: string | undefined, errors: EventFieldError[]): ValidEvent | undefined {
  const at = (p: string): string => `${prefix}${p}`;
  if (!isRecord(body)) {
    errors.push({ path: prefix.replace(/\.$/, '') || 'body', message: 'must be an object', rejectedValue: body });
    return undefined;
  }
  const before = errors.length;
  let type = kind;
  if (type === undefined) {
    const t = body.type;
    if (typeof t !== 'string' || t === '') errors.push({ path: at('type'), message: 'cannot be empty', rejectedValue: t ?? null });
    else if (t !== 'custom' && !PREDEFINED_EVENTS[t])
      errors.push({ path: at('type'), message: `unknown event type '${t}'`, rejectedValue: t });
    else type = t;
  }
  const label = body.label;
  if (typeof label !== 'string' || label === '') {
    errors.push({ path: at('label'), message: 'cannot be empty', rejectedValue: label ?? '' });
    errors.push({ path: at('label'), message: 'length must be between 1 and 64', rejectedValue: label ?? '' });
  } else if (label.length > 64) {
    errors.push({ path: at('label'), message: 'length must be between 1 and 64', rejectedValue: label });
  }
  const client: ValidEvent['client'] = {};
  if (!isRecord(body.client)) {
    errors.push({ path: at('client'), message: 'must not be null', rejectedValue: body.client ?? null });
  } else {
    for (const key of CLIENT_KEYS) {
      const v = body.client[key];
      if (v === undefined || v === null || v === '') continue;
      if (typeof v !== 'string' && typeof v !== 'number')
        errors.push({ path: at(`client.${key}`), message: 'must be a string', rejectedValue: v });
      else client[key] = v;
    }
    if (Object.keys(client).length === 0) {
      errors.push({
        path: at('client'),
        message: 'You must provide at least one of those profile identifiers: id, uuid, customId, email',
        rejectedValue: body.client,
      });
    }
  }
  let time: string | null = null;
  if (body.time !== undefined && body.time !== null) {
    if (typeof body.time !== 'string' || Number.isNaN(Date.parse(body.time)))
      errors.push({ path: at('time'), message: 'must be an ISO 8601 date-time', rejectedValue: body.time });
    else time = body.time;
  }
  let params: Record<string, unknown> = {};
  if (body.params !== undefined && body.params !== null) {
    if (!isRecord(body.params)) errors.push({ path: at('params'), message: 'must be an object', rejectedValue: body.params });
    else params = body.params;
  }
  let action: string | undefined;
  if (type === 'custom') {
    if (typeof body.action !== 'string' || body.action === '')
      errors.push({ path: at('action'), message: 'cannot be empty', rejectedValue: body.action ?? null });
    else action = body.action;
  } else if (type !== undefined) {
    const def = PREDEFINED_EVENTS[type];
    action = def?.action;
    for (const p of def?.requiredParams ?? []) {
      if (params[p] === undefined || params[p] === null)
        errors.push({ path: at(`params.${p}`), message: 'must not be null', rejectedValue: null });
    }
  }
  const eventSalt = typeof body.eventSalt === 'string' && body.eventSalt !== '' ? body.eventSalt : null;
  if (errors.length > before || action === undefined || typeof label !== 'string') return undefined;
  return { action, label, client, time, eventSalt, params };
}

/** Finds the profile an event names; email/customId/uuid that match nobody create a profile. */
function resolveClient(store: SyneriseStore, client: ValidEvent['client'], now: number): number | undefined {
  if (client.id !== undefined) return store.find('id', Number(client.id))?.clientId;
  const byUuid = client.uuid !== undefined ? store.find('uuid', String(client.uuid)) : undefined;
  const byCustom = client.customId !== undefined ? store.find('customId', String(client.customId)) : undefined;
  const byEmail = client.email !== undefined ? store.find('email', String(client.email)) : undefined;
  const found = byCustom ?? byEmail ?? byUuid;
  if (found) return found.clientId;
  const p = newProfile(store.nextClientId, now);
  if (client.email !== undefined) p.email = String(client.email);
  if (client.customId !== undefined) p.customId = String(client.customId);
  if (client.uuid !== undefined && /^[0-9a-f-]{36}$/i.test(String(client.uuid))) p.uuid = String(client.uuid).toLowerCase();
  store.insertProfile(p);
  return p.clientId;
}

export function storeEvent(store: SyneriseStore, e: ValidEvent, receivedAt: number): void {
  const clientId = resolveClient(store, e.client, receivedAt);
  // An event for an unknown clientId is dropped by the queue (ids cannot create profiles).
  if (clientId === undefined) return;
  const sent = e.time === null ? receivedAt : Date.parse(e.time);
  store.addEvent({
    eventUUID: randomUUID(),
    unique: store.nextUnique,
    action: e.action,
    label: e.label,
    // "If you send an event with a future time ... the time of receiving the event is saved".
    time: Math.min(sent, receivedAt),
    clientId,
    params: { ...e.params },
    eventSalt: e.eventSalt,
    originalTime: e.time,
  });
}

function parseBody(req: SandboxRequest): { ok: true; value: unknown } | { ok: false; response: SandboxResponse } {
  const parsed = req.json();
  return parsed.ok
    ? parsed
    : { ok: false, response: springError(400, 'JSON parse error: Unexpected character in request body', errorPath(req)) };
}

function identifierType(client: ValidEvent['client']): string {
  return Object.keys(client).sort().join('+');
}

export function eventRoutes(ctx: SyneriseContext): SandboxRoute[] {
  const single =
    (kind: string): SandboxHandler =>
    (req) => {
      const body = parseBody(req);
      if (!body.ok) return body.response;
      const errors: EventFieldError[] = [];
      const event = validateEvent(body.value, '', kind, errors);
      if (!event) return eventValidationError(errorPath(req), errors);
      const now = Date.now();
      ctx.defer(() => storeEvent(ctx.store, event, now));
      return { status: 202 };
    };

  const batch: SandboxHandler = (req) => {
    if (Buffer.byteLength(req.bodyText) > ONE_MB)
      return springError(413, "The size of the request can't be more than 1 MB", errorPath(req));
    const body = parseBody(req);
    if (!body.ok) return body.response;
    if (!Array.isArray(body.value))
      return eventValidationError(errorPath(req), [{ path: 'body', message: 'must be an array', rejectedValue: body.value }]);
    const items: unknown[] = body.value;
    if (items.length === 0 || items.length > BATCH_LIMIT) {
      return eventValidationError(errorPath(req), [
        { path: 'body', message: `size must be between 1 and ${BATCH_LIMIT}`, rejectedValue: items.length },
      ]);
    }
    const errors: EventFieldError[] = [];
    const events: ValidEvent[] = [];
    items.forEach((item, i) => {
      const e = validateEvent(item, `[${i}].`, undefined, errors);
      if (e) events.push(e);
    });
    const first = events[0];
    if (errors.length === 0 && first) {
      const type = identifierType(first.client);
      events.forEach((e, i) => {
        const t = identifierType(e.client);
        if (t !== type) {
          errors.push({
            path: `[${i}].client`,
            message: `All events in a request must use the same type of profile identifier (expected ${type}, got ${t})`,
            rejectedValue: t,
          });
        }
      });
    }
    if (errors.length > 0) return eventValidationError(errorPath(req), errors);
    const now = Date.now();
    ctx.defer(() => {
      for (const e of events) storeEvent(ctx.store, e, now);
    });
    return { status: 202 };
  };

  return [
    { method: 'POST', pattern: '/v4/events/batch', handler: v4(batch) },
    { method: 'POST', pattern: '/v4/events/custom', handler: v4(single('custom')) },
    ...Object.keys(PREDEFINED_EVENTS).map(
      (slug): SandboxRoute => ({ method: 'POST', pattern: `/v4/events/${slug}`, handler: v4(single(slug)) }),
    ),
  ];
}
