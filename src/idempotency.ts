// Idempotency-Key for mutations sent over flaky mobile networks: a retried request with the same
// key and the same body gets the first response back (with `Idempotent-Replayed: true`) and writes
// nothing twice; a duplicate that arrives while the first is still running waits for it. A first
// attempt that failed with a retryable vendor error is not remembered, so the retry really runs.
// The same key with a different request is refused (422). Records belong to the authenticated
// client (its clientId is part of the store key), so two clients choosing the same key never see
// each other's responses. "The same request" means the same parsed-and-printed document, operation
// name and variables with sorted keys: a retry that re-serialises with other whitespace or key order
// is still a retry. Keys live in memory, per gateway process.
import { createHash } from 'node:crypto';
import { type DocumentNode, Kind, parse, print } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { principalOf } from './auth/principal.js';

export interface WriteTracker {
  /** Set when a mutation ended in a vendor error worth retrying. */
  retryableFailure: boolean;
}

interface Stored {
  fingerprint: string;
  response: Promise<{ status: number; body: string; contentType: string } | undefined>;
}

interface Pending {
  key: string;
  resolve: (value: { status: number; body: string; contentType: string } | undefined) => void;
  tracker: WriteTracker;
}

export interface IdempotencyOptions {
  ttlMs?: number;
  maxKeys?: number;
  /** How long a duplicate waits for the attempt in flight before it is told to retry later. */
  waitMs?: number;
  /** Given the store's key count once the store exists (the `cdp_idempotency_keys` gauge reads it). */
  observeSize?: (size: () => number) => void;
}

const HEADER = 'idempotency-key';
const trackers = new WeakMap<Request, WriteTracker>();

/** The tracker the request's GraphQL context carries (one per request). */
export function writeTrackerFor(request: Request): WriteTracker {
  let tracker = trackers.get(request);
  if (!tracker) {
    tracker = { retryableFailure: false };
    trackers.set(request, tracker);
  }
  return tracker;
}

function parsed(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined;
  }
}

function isMutation(doc: DocumentNode, operationName: string | undefined): boolean {
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  return op?.operation === 'mutation';
}

export function useIdempotency(options: IdempotencyOptions = {}): Plugin {
  const store = new LRUCache<string, Stored>({ max: options.maxKeys ?? 10_000, ttl: options.ttlMs ?? 24 * 3600_000 });
  options.observeSize?.(() => store.size);
  const pending = new WeakMap<Request, Pending>();
  const waitMs = options.waitMs ?? 30_000;

  return {
    async onRequest({ request, endResponse }) {
      const key = request.headers.get(HEADER);
      if (!key || request.method !== 'POST') return;
      if (key.length > 255) {
        endResponse(jsonError(400, 'Idempotency-Key must be at most 255 characters'));
        return;
      }
      let params: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        params = (await request.clone().json()) as typeof params;
      } catch {
        return; // yoga answers the malformed body itself
      }
      const principal = principalOf(request);
      const doc = typeof params.query === 'string' ? parsed(params.query) : undefined;
      const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
      if (!principal || !doc || !isMutation(doc, operationName)) return;
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([print(doc), operationName ?? null, sortedKeys(params.variables ?? null)]))
        .digest('hex');
      // JSON of the pair: no two (client, key) pairs share a store key, whatever characters they hold.
      const storeKey = JSON.stringify([principal.clientId, key]);
      // Loop: when the attempt we waited for was not kept (it failed retryably), look again, so
      // exactly one of the waiters claims the key and runs; the others wait for that one.
      for (;;) {
        const existing = store.get(storeKey);
        if (!existing) break;
        if (existing.fingerprint !== fingerprint) {
          endResponse(jsonError(422, 'This Idempotency-Key was already used for a different request'));
          return;
        }
        const first = await within(existing.response, waitMs);
        if (first === 'timeout') {
          endResponse(jsonError(409, 'A request with this Idempotency-Key is still in progress; retry later'));
          return;
        }
        if (first) {
          endResponse(
            new Response(first.body, {
              status: first.status,
              headers: { 'content-type': first.contentType, 'idempotent-replayed': 'true' },
            }),
          );
          return;
        }
      }
      let resolve!: Pending['resolve'];
      const response = new Promise<Awaited<Stored['response']>>((r) => {
        resolve = r;
      });
      store.set(storeKey, { fingerprint, response });
      pending.set(request, { key: storeKey, resolve, tracker: writeTrackerFor(request) });
    },
    async onResponse({ request, response }) {
      const entry = pending.get(request);
      if (!entry) return;
      pending.delete(request);
      if (entry.tracker.retryableFailure || response.status >= 500 || response.status === 429) {
        store.delete(entry.key);
        entry.resolve(undefined);
        return;
      }
      const body = await response.clone().text();
      entry.resolve({ status: response.status, body, contentType: response.headers.get('content-type') ?? 'application/json' });
    },
  };
}

/** `value` with the keys of every object sorted, so JSON.stringify does not depend on key order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortedKeys(v)]),
  );
}

/** The promise's value, or 'timeout' after `ms` (the timer is cleared either way). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function jsonError(status: number, message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_IDEMPOTENCY_KEY' } }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
