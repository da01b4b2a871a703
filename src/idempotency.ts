// Idempotency-Key for mutations sent over flaky mobile networks: a retried request with the same
// key and the same body gets the first response back (with `Idempotent-Replayed: true`) and writes
// nothing twice; a duplicate that arrives while the first is still running waits for it. A first
// attempt that failed with a retryable vendor error is not remembered, so the retry really runs.
// The same key with a different request is refused (422). Records belong to the authenticated
// client (its clientId is part of the store key), so two clients choosing the same key never see
// each other's responses. "The same request" means the same parsed-and-printed document, operation
// name and variables with sorted keys: a retry that re-serialises with other whitespace or key order
// is still a retry. The claim is taken after the persisted-operation plugins resolved the document,
// so a hash-only APQ or trusted-document request is fingerprinted by the document it names, the same
// as its full-text equivalent.
//
// Records and in-flight claims live in a SharedStore: this process's memory by default, Redis with
// REDIS_URL, so a retry that lands on another replica is still a retry. A claim is a lease, renewed
// while the attempt runs, so a replica that dies mid-request blocks its key for one lease, not for
// a day. A duplicate waits at most the request timeout, and not at all once its client is gone.
// A mutation with several fields is forgotten after a retryable failure only when every field failed
// retryably: if any field wrote (or may have), the response is kept, so a retry does not write again.
// When the store cannot be reached the mutation is refused (503 IDEMPOTENCY_UNAVAILABLE,
// retryable) rather than run without the protection the key asked for.
import { createHash, randomBytes } from 'node:crypto';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse, print, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { principalOf } from './auth/principal.js';
import { tallyOf } from './observability/tally.js';
import { MemoryStore, pollUntil, type SharedStore, StateUnavailableError, StateValueTooLargeError } from './state/index.js';

/** What the mutation fields of one request report to the idempotency plugin. */
export interface WriteTracker {
  /** Mutation fields that ended in a vendor error worth retrying (nothing was written for them). */
  retryableFailures: number;
}

interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

/** What the store holds under a key: the request's fingerprint, its claim while running, its response once done. */
interface IdempotencyRecord {
  f: string;
  /** Owner token of the running attempt; absent once the response is stored. */
  o?: string;
  r?: StoredResponse;
}

interface Pending {
  key: string;
  /** The claim exactly as stored, for owner-checked renewal, completion and release. */
  claim: string;
  fingerprint: string;
  heartbeat: NodeJS.Timeout;
  tracker: WriteTracker;
  /** Root fields of the mutation (an upper bound when @skip/@include drop some: then it is kept). */
  writeFields: number;
}

export interface IdempotencyOptions {
  /** Where records and claims live (default: this process's memory, with MemoryStore's default budgets). */
  store?: SharedStore;
  ttlMs?: number;
  /** How long a duplicate waits for the attempt in flight before it is told to retry later. */
  waitMs?: number;
  /** The request timeout (GATEWAY_REQUEST_TIMEOUT_MS): a duplicate never waits longer than its own request may run. */
  requestTimeoutMs?: number;
  /** Lease of an in-flight claim, renewed every third of it while the attempt runs. */
  leaseMs?: number;
  log?: (line: string) => void;
  /**
   * Given the key count of the in-process store (the `cdp_idempotency_keys` gauge reads it). Not
   * called for a shared store: counting Redis keys would cost a scan per scrape.
   */
  observeSize?: (size: () => number) => void;
}

const HEADER = 'idempotency-key';
const trackers = new WeakMap<Request, WriteTracker>();

/** The tracker the request's GraphQL context carries (one per request). */
export function writeTrackerFor(request: Request): WriteTracker {
  let tracker = trackers.get(request);
  if (!tracker) {
    tracker = { retryableFailures: 0 };
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

function mutationOf(doc: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  return op?.operation === 'mutation' ? op : undefined;
}

/** Root fields the operation selects (through fragments too), `__typename` aside: each is one write. */
function rootFieldCount(doc: DocumentNode, selectionSet: SelectionSetNode, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(doc, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = doc.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) count += rootFieldCount(doc, fragment.selectionSet, seen);
    }
  }
  return count;
}

export function useIdempotency(options: IdempotencyOptions = {}): Plugin {
  const store = options.store ?? new MemoryStore();
  if (store instanceof MemoryStore) options.observeSize?.(() => store.size);
  const ttlMs = options.ttlMs ?? 24 * 3600_000;
  const waitMs = Math.min(options.waitMs ?? 30_000, options.requestTimeoutMs ?? Number.POSITIVE_INFINITY);
  const leaseMs = options.leaseMs ?? 10_000;
  const log = options.log ?? ((line: string) => console.warn(line));
  const pending = new WeakMap<Request, Pending>();
  /** Answers decided in onParams (replay, conflict, busy), sent in place of the response yoga builds. */
  const answers = new WeakMap<Request, Response>();

  /**
   * Resolves once `key` no longer holds `seen` (done, released, or claimed anew), or undefined at the
   * deadline or when the client went away (`signal`).
   */
  const changedFrom = (key: string, seen: string, deadline: number, signal: AbortSignal) =>
    pollUntil(async () => {
      if (signal.aborted) return false;
      return (await store.get(key)) === seen ? undefined : true;
    }, deadline);

  /** Claims the key, or answers from (or about) the record another attempt holds. */
  async function claimOrAnswer(storeKey: string, claim: string, fingerprint: string, signal: AbortSignal): Promise<Response | undefined> {
    const deadline = Date.now() + waitMs;
    // Loop: when the attempt we waited for was not kept (it failed retryably, or its replica died and
    // the lease ran out), claim again, so exactly one of the waiters runs and the others wait for it.
    for (;;) {
      if (await store.setIfAbsent(storeKey, claim, leaseMs)) return undefined;
      const text = await store.get(storeKey);
      if (text === undefined) continue;
      const existing = JSON.parse(text) as IdempotencyRecord;
      if (existing.f !== fingerprint) return jsonError(422, 'This Idempotency-Key was already used for a different request');
      if (existing.r) return replay(existing.r);
      if (!(await changedFrom(storeKey, text, deadline, signal))) {
        return jsonError(409, 'A request with this Idempotency-Key is still in progress; retry later');
      }
    }
  }

  return {
    onRequest({ request, endResponse }) {
      const key = request.headers.get(HEADER);
      if (key && request.method === 'POST' && key.length > 255)
        endResponse(jsonError(400, 'Idempotency-Key must be at most 255 characters'));
    },
    // In onParams, after the persisted-operation plugins (registered before this one) replaced a hash
    // by its document, so persisted mutations are claimed like any other.
    async onParams({ request, params, setResult }) {
      const key = request.headers.get(HEADER);
      // One claim per request: a batched body is claimed by its first operation only.
      if (!key || request.method !== 'POST' || pending.has(request) || answers.has(request)) return;
      const principal = principalOf(request);
      const doc = typeof params.query === 'string' ? parsed(params.query) : undefined;
      const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
      const mutation = principal && doc ? mutationOf(doc, operationName) : undefined;
      if (!principal || !doc || !mutation) return;
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([print(doc), operationName ?? null, sortedKeys(params.variables ?? null)]))
        .digest('hex');
      // Hash of the JSON pair: no two (client, key) pairs share a store key, whatever characters they hold.
      const storeKey = `idem:${createHash('sha256')
        .update(JSON.stringify([principal.clientId, key]))
        .digest('base64url')}`;
      const claim = JSON.stringify({ f: fingerprint, o: randomBytes(12).toString('base64url') } satisfies IdempotencyRecord);
      let answer: Response | undefined;
      try {
        answer = await claimOrAnswer(storeKey, claim, fingerprint, request.signal);
      } catch (error) {
        if (!(error instanceof StateUnavailableError)) throw error;
        log(`Idempotency-Key refused: ${error.message}`);
        answer = unavailable();
      }
      if (answer) {
        // Skips execution; onResultProcess sends `answer` instead of this placeholder.
        answers.set(request, answer);
        setResult({ data: null });
        return;
      }
      // Renewed while the attempt runs, so only a replica that died lets the lease lapse.
      const heartbeat = setInterval(() => {
        store.replaceIf(storeKey, claim, claim, leaseMs).then(
          (renewed) => {
            // Another attempt may now run the same mutation; the lead must know when that can happen.
            if (!renewed) log(`Idempotency claim lost while the request ran (its lease of ${leaseMs} ms lapsed and the key changed)`);
          },
          (error: unknown) => log(`Idempotency claim not renewed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, leaseMs / 3);
      heartbeat.unref();
      const writeFields = rootFieldCount(doc, mutation.selectionSet);
      pending.set(request, { key: storeKey, claim, fingerprint, heartbeat, tracker: writeTrackerFor(request), writeFields });
    },
    // The decided answer becomes yoga's response itself, so the request log and metrics see its status.
    onResultProcess({ request, setResultProcessor }) {
      const answer = answers.get(request);
      if (!answer) return;
      answers.delete(request);
      setResultProcessor(() => answer, answer.headers.get('content-type') ?? 'application/json');
    },
    async onResponse({ request, response }) {
      const entry = pending.get(request);
      if (!entry) return;
      pending.delete(request);
      clearInterval(entry.heartbeat);
      try {
        // Forgotten only when nothing can have been written: every field failed retryably, or the whole
        // request failed before any vendor call that may write (a 5xx comes from an error outside the
        // resolvers, which can follow a write). A field that wrote (or ended UPSTREAM_OUTCOME_UNKNOWN)
        // keeps the response.
        const { retryableFailures } = entry.tracker;
        const nothingWritten = retryableFailures > 0 && retryableFailures >= entry.writeFields;
        // Without a tally (no request log) a write cannot be ruled out.
        const maySendWrites = (tallyOf(request)?.writeCalls ?? 1) > 0;
        if (nothingWritten || (response.status >= 500 && !maySendWrites) || response.status === 429) {
          await store.deleteIf(entry.key, entry.claim);
          return;
        }
        const body = await response.clone().text();
        const contentType = response.headers.get('content-type') ?? 'application/json';
        const keep = async (stored: StoredResponse) => {
          const record = JSON.stringify({ f: entry.fingerprint, r: stored } satisfies IdempotencyRecord);
          // Our claim normally still stands; if its lease lapsed and nobody took the key, store it anyway.
          if (!(await store.replaceIf(entry.key, entry.claim, record, ttlMs))) await store.setIfAbsent(entry.key, record, ttlMs);
        };
        try {
          await keep({ status: response.status, body, contentType });
        } catch (error) {
          if (!(error instanceof StateValueTooLargeError)) throw error;
          log(`Idempotency response not kept for replay: ${error.message}`);
          // A request refused before execution (its document, variables or limits) answers without
          // `data` (or with a 4xx): nothing was written, so the key is released and a retry is judged afresh.
          if (!executed(response.status, body)) {
            await store.deleteIf(entry.key, entry.claim);
            return;
          }
          // The memory budget cannot hold this response, but its writes happened: a retry must not
          // run them again, so it is told the request ran instead of getting the response back.
          await keep(notKept(body.length));
        }
      } catch (error) {
        // The write happened but is not recorded: a retry after the lease runs out would run again.
        log(`Idempotency record not stored: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function replay(stored: StoredResponse): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { 'content-type': stored.contentType, 'idempotent-replayed': 'true' },
  });
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

/** Whether a response comes from execution: GraphQL over HTTP answers a request error without a `data` entry. */
function executed(status: number, body: string): boolean {
  if (status >= 400) return false;
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || 'data' in parsed;
  } catch {
    // Not JSON (a multipart or event stream): assume it ran, the safe side for a write.
    return true;
  }
}

/** What a retry gets back when the first (executed) response was too large for the store: 409, and that the request ran. */
function notKept(characters: number): StoredResponse {
  const message = `This request already ran with this Idempotency-Key; its response (${characters} characters) was too large to keep for replay`;
  return {
    status: 409,
    body: JSON.stringify({ errors: [{ message, extensions: { code: 'IDEMPOTENT_RESPONSE_NOT_KEPT' } }] }),
    contentType: 'application/json',
  };
}

function jsonError(status: number, message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_IDEMPOTENCY_KEY' } }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The store that records keys cannot be reached: nothing ran, so the same request may be sent again. */
function unavailable(): Response {
  const message = 'Idempotency-Key cannot be recorded right now, so the mutation was not run; retry shortly';
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'IDEMPOTENCY_UNAVAILABLE', retryable: true } }] }), {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '1' },
  });
}
