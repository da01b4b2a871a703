// Reading events: `POST /activities-api/events/by/{identifierType}` with opaque cursor paging
// (`meta.cursors.after/before`), and the time-window `GET /activities-api/activities/{clientId}`.
import { json, type SandboxHandler, type SandboxRequest, type SandboxRoute } from '../harness.js';
import { intParam, isRecord, type SyneriseContext } from './context.js';
import { springError } from './errors.js';
import type { IdentifierKind } from './store.js';
import type { EventRecord, ProfileRecord } from './types.js';
import { activity } from './views.js';

const IDENTIFIER_TYPES: Record<string, IdentifierKind> = { id: 'id', uuid: 'uuid', email: 'email', custom_identify: 'customId' };
/** Not documented for this endpoint; the doc's body example asks for 50, 100 is assumed. */
const DEFAULT_LIMIT = 100;
const TWO_HOURS = 2 * 3600 * 1000;

type Sort = 'time:desc' | 'time:asc';

interface Cursor {
  /** clientId the cursor was issued for. */
  c: number;
  s: Sort;
  d: 'after' | 'before';
  t: number;
  u: number;
  /** Filter fingerprint, so a token is not reused with other actions/dates. */
  f: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(token: string): Cursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!isRecord(v)) return undefined;
    if (typeof v.c !== 'number' || typeof v.t !== 'number' || typeof v.u !== 'number' || typeof v.f !== 'string') return undefined;
    if ((v.s !== 'time:desc' && v.s !== 'time:asc') || (v.d !== 'after' && v.d !== 'before')) return undefined;
    return { c: v.c, s: v.s, d: v.d, t: v.t, u: v.u, f: v.f };
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

interface Filter {
  actions: string[] | null;
  dateFrom: number | null;
  dateTo: number | null;
}

function applyFilter(events: readonly EventRecord[], f: Filter): EventRecord[] {
  return events.filter(
    (e) =>
      (f.actions === null || f.actions.includes(e.action)) &&
      (f.dateFrom === null || e.time >= f.dateFrom) &&
      (f.dateTo === null || e.time <= f.dateTo),
  );
}

function parseMs(raw: string | undefined): number | null | 'invalid' {
  if (raw === undefined || raw === '') return null;
  return /^\d+$/.test(raw) ? Number(raw) : 'invalid';
}

export function activityRoutes(ctx: SyneriseContext): SandboxRoute[] {
  const { store } = ctx;

  const eventsByIdentifier: SandboxHandler = (req) => {
    const kind = IDENTIFIER_TYPES[req.params.identifierType ?? ''];
    if (!kind) return springError(400, `identifierType must be one of ${Object.keys(IDENTIFIER_TYPES).join(', ')}`, req.path);
    const parsed = req.json();
    if (!parsed.ok) return springError(400, 'JSON parse error: Unexpected character in request body', req.path);
    const body = parsed.value;
    if (!isRecord(body)) return springError(400, 'Request body must be a JSON object', req.path);
    const identifierValue = str(body.identifierValue);
    if (identifierValue === undefined || identifierValue === '') return springError(400, 'identifierValue must not be blank', req.path);
    const extra = isRecord(body.additionalData) ? body.additionalData : {};
    // The reference writes every `additionalData` value as a string ("limit": "50", "raw": "true").
    const notString = Object.entries(extra).find(([, v]) => typeof v !== 'string');
    if (notString) return springError(400, `additionalData.${notString[0]} must be a string`, req.path);
    const rawFlag = str(extra.raw);
    if (rawFlag !== undefined && rawFlag !== 'true' && rawFlag !== 'false') return springError(400, 'raw must be true or false', req.path);

    const limit = intParam(str(extra.limit), DEFAULT_LIMIT, 1, 1000);
    if (!limit.ok) return springError(400, `limit must be between 1 and 1000 (got ${limit.raw})`, req.path);
    const sortBy = str(extra.sortBy) ?? 'time:desc';
    if (sortBy !== 'time:desc' && sortBy !== 'time:asc') return springError(400, 'sortBy must be one of time:desc, time:asc', req.path);
    const dateFrom = parseMs(str(extra.dateFrom));
    const dateTo = parseMs(str(extra.dateTo));
    if (dateFrom === 'invalid' || dateTo === 'invalid')
      return springError(400, 'dateFrom and dateTo must be Unix timestamps in milliseconds', req.path);
    const actionsRaw = str(extra.actions);
    const filter: Filter = {
      actions: actionsRaw
        ? actionsRaw
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : null,
      dateFrom,
      dateTo,
    };
    const raw = rawFlag === 'true';

    const profile = store.find(kind, identifierValue);
    if (!profile) return springError(404, 'Client not found', req.path);

    const fingerprint = JSON.stringify([filter.actions, filter.dateFrom, filter.dateTo]);
    const token = req.query.get('pageToken') ?? str(extra.pageToken);
    let cursor: Cursor | undefined;
    if (token) {
      cursor = decodeCursor(token);
      if (!cursor || cursor.c !== profile.clientId || cursor.s !== sortBy || cursor.f !== fingerprint) {
        return springError(400, 'Invalid pageToken', req.path);
      }
    }
    return json(
      200,
      page(req, profile, applyFilter(store.eventsOf(profile.clientId), filter), sortBy, limit.value, cursor, fingerprint, raw),
    );
  };

  const activitiesOfClient: SandboxHandler = (req) => {
    const idRaw = req.params.clientId ?? '';
    if (!/^\d+$/.test(idRaw))
      return springError(
        400,
        `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${idRaw}"`,
        req.path,
      );
    const q = req.query;
    const limit = intParam(q.get('limit'), DEFAULT_LIMIT, 1, 1000);
    if (!limit.ok) return springError(400, `limit must be between 1 and 1000 (got ${limit.raw})`, req.path);
    const from = parseMs(q.get('dateFrom') ?? undefined);
    const to = parseMs(q.get('dateTo') ?? undefined);
    if (from === 'invalid' || to === 'invalid')
      return springError(400, 'dateFrom and dateTo must be Unix timestamps in milliseconds', req.path);
    const format = q.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') return springError(400, 'format must be one of json, csv', req.path);
    const profile = store.find('id', Number(idRaw));
    if (!profile) return springError(404, 'Client not found', req.path);
    const now = Date.now();
    const actions = q.get('actions');
    const rows = applyFilter(store.eventsOf(profile.clientId), {
      actions: actions ? actions.split(',').map((a) => a.trim()) : null,
      // Documented defaults: the last two hours.
      dateFrom: from ?? now - TWO_HOURS,
      dateTo: to ?? now,
    })
      .reverse()
      .slice(0, limit.value);
    if (format === 'csv') {
      const lines = [
        'time,action,label,eventUUID',
        ...rows.map((e) => `${e.time},${e.action},"${e.label.replace(/"/g, '""')}",${e.eventUUID}`),
      ];
      return { status: 200, headers: { 'content-type': 'text/csv' }, body: `${lines.join('\n')}\n` };
    }
    return json(
      200,
      rows.map((e) => activity(e, profile, q.get('raw') === 'true')),
    );
  };

  return [
    { method: 'POST', pattern: '/activities-api/events/by/{identifierType}', handler: eventsByIdentifier },
    { method: 'GET', pattern: '/activities-api/activities/{clientId}', handler: activitiesOfClient },
  ];
}

function page(
  req: SandboxRequest,
  profile: ProfileRecord,
  ascending: EventRecord[],
  sortBy: Sort,
  limit: number,
  cursor: Cursor | undefined,
  fingerprint: string,
  raw: boolean,
): Record<string, unknown> {
  const ordered = sortBy === 'time:desc' ? [...ascending].reverse() : ascending;
  // Position of the anchor: the index of the first element that sorts after (t,u).
  const sortsAfter = (e: EventRecord, t: number, u: number): boolean =>
    sortBy === 'time:desc' ? e.time < t || (e.time === t && e.unique < u) : e.time > t || (e.time === t && e.unique > u);
  let start = 0;
  let end = Math.min(limit, ordered.length);
  if (cursor) {
    const firstAfter = ordered.findIndex((e) => sortsAfter(e, cursor.t, cursor.u));
    const boundary = firstAfter < 0 ? ordered.length : firstAfter;
    if (cursor.d === 'after') {
      start = boundary;
      end = Math.min(start + limit, ordered.length);
    } else {
      // `before` anchors on the first item of the later page: everything sorting before it.
      const anchor = ordered.findIndex((e) => e.time === cursor.t && e.unique === cursor.u);
      end = anchor >= 0 ? anchor : boundary;
      start = Math.max(0, end - limit);
    }
  }
  const rows = ordered.slice(start, end);
  const first = rows[0];
  const last = rows[rows.length - 1];
  const make = (d: 'after' | 'before', e: EventRecord): string =>
    encodeCursor({ c: profile.clientId, s: sortBy, d, t: e.time, u: e.unique, f: fingerprint });
  const after = last && end < ordered.length ? make('after', last) : null;
  const before = first && start > 0 ? make('before', first) : null;
  const base = req.path;
  const links: { url: string; rel: string }[] = [{ url: base, rel: 'first' }];
  if (after) links.push({ url: `${base}?pageToken=${after}`, rel: 'next' });
  if (before) links.push({ url: `${base}?pageToken=${before}`, rel: 'prev' });
  return {
    meta: { links, cursors: { after, before }, limit, count: rows.length },
    data: rows.map((e) => activity(e, profile, raw)),
  };
}
