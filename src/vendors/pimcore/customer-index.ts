// Pimcore's webservice cannot filter customers by email or customer number, yet cross-vendor joins
// need exactly that. The adapter keeps a per-process index of all customers, built once by listing
// them and then kept current the way the CMF intends sync to work: the deletions feed since the
// last response `timestamp`, then the customers modified since then (one deletions call and the
// pages of changes per refresh, not a rescan). Memory: one mapped record per customer (about 1 KB
// each), bounded by PIMCORE_INDEX_MAX_BYTES as counted by `approxCustomerBytes` below.
//
// At the limit: the scan that would take the index over it stops at the record that does (pages
// not yet asked for are never asked for, the ones collected are dropped), the index is emptied, and
// lookups fail with a PIMCORE error naming the variable, without vendor calls, until
// OVER_BUDGET_BACKOFF_MS has passed; the next lookup after that scans everything again.
import { normaliseEmail } from '../../domain/email.js';
import type { CustomerRecord } from '../../domain/model.js';
import { GatewayError } from '../../errors.js';
import { detached } from '../../request-context.js';
import { untilRequestStops } from '../../resilience/deadline.js';
import type { Limiter } from '../../sources/fan-out.js';
import { vendorIdOf } from '../mapping.js';
import type { PimcoreClient } from './client.js';
import { secondsOf } from './map.js';
import { eachPage } from './read-all.js';
import type { WireCustomer } from './wire.js';

const SCAN_PAGE_SIZE = 500;

/**
 * How long an index that went over its budget stays empty before a lookup may scan again. The
 * customer count that overflowed it does not shrink in seconds, and each futile scan reads up to
 * PIMCORE_INDEX_MAX_BYTES worth of customers (about 230 list calls at the 128 MiB default) and
 * allocates all of it again: retried every PIMCORE_INDEX_REFRESH_MS (15 s by default) that would
 * be a scan of Pimcore in a loop. Fifteen minutes caps it at four an hour and still lets the index
 * come back by itself once enough customers are deleted (a raised limit needs a restart anyway).
 */
export const OVER_BUDGET_BACKOFF_MS = 15 * 60_000;

// --- Byte accounting -----------------------------------------------------------------------------
// An estimate of the heap a record keeps alive in the index, from V8's object layout on 64-bit
// without pointer compression (Node's official builds): no JSON.stringify, one walk over the
// record's values, deterministic. Rounded sizes, then calibrated once against the heap:
//
//   bench/pimcore-index-memory.ts: 50,000 customers shaped like the sandbox's seed (faker people,
//   every field of the sandbox's class, a third with a customer number; 438 B of JSON each), served
//   as JSON pages of 500 through the wire schema, the mapper and this index; `node --expose-gc`,
//   heapUsed after full GCs before and after. Node 20.20 x64: heap 1,031 B per customer, estimate
//   1,160 B: estimate / heap = 1.13 (1.08 to 1.14 from 10,000 to 200,000 customers; 1.05 with
//   every string value made unique). So 128 MiB holds about 115,000 such customers.
//
// The estimate errs high where V8 shares values (JSON.parse internalises strings of up to 10
// characters, so repeated genders, country codes and first names are stored once). It errs low on
// text outside Latin-1, which V8 stores at two bytes a character where this counts one: an index
// of mostly non-Latin names is under-counted by up to about a third of its string bytes.

/** An object's map, properties and elements pointers; its fields follow at one slot each. */
const OBJECT_HEADER = 24;
const SLOT = 8;
/** Map, hash and length; the characters follow at a byte each, rounded up to a slot. */
const STRING_HEADER = 16;
/** A double that is not a small integer lives in a heap number of its own. */
const HEAP_NUMBER = 16;
/** A JSDate with the date fields V8 caches in it. */
const DATE = 88;
/** A key's entry in `byEmail` or `byCustomId`: the Map entry and the Set of ids behind it. */
const LOOKUP_ENTRY = 200;
/** The record's entry in `byId`, and the slack of its tables growing by doubling. */
const ID_ENTRY = 40;

const stringBytes = (s: string): number => STRING_HEADER + Math.ceil(s.length / SLOT) * SLOT;

function valueBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      // Small integers sit in their slot (Smis); other numbers are boxed.
      return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 ? 0 : HEAP_NUMBER;
    case 'object': {
      if (value === null) return 0;
      if (value instanceof Date) return DATE;
      if (Array.isArray(value)) {
        let bytes = OBJECT_HEADER + value.length * SLOT;
        for (const item of value) bytes += valueBytes(item);
        return bytes;
      }
      // Keys are internalised strings shared by every record: only the slot counts.
      let bytes = OBJECT_HEADER;
      const object = value as Record<string, unknown>;
      for (const key in object) bytes += SLOT + valueBytes(object[key]);
      return bytes;
    }
    default:
      return 0;
  }
}

/** Approximate heap bytes one customer holds in the index: its record, its lookup keys and their entries. */
export function approxCustomerBytes(record: CustomerRecord): number {
  let bytes = ID_ENTRY + valueBytes(record);
  // The normalised email is a string of its own (same length as the stored one, near enough).
  if (record.email) bytes += LOOKUP_ENTRY + stringBytes(record.email);
  // The customer number key is the record's own string.
  if (record.customId) bytes += LOOKUP_ENTRY;
  return bytes;
}

/** A scan that would take the index past its budget; caught in `sync`, never seen by callers. */
class OverBudget extends Error {
  constructor(
    /** Customers taken into this scan, the one that went over included. */
    readonly read: number,
    /** How many the scan lists, about (its pages times their size). */
    readonly listed: number,
    /** Indexed customers the deletions feed removes (incremental syncs; 0 for a full scan). */
    readonly deleted: number,
  ) {
    super('over budget');
  }
}

/** The deletions feed of an incremental sync: its ids, and what those the index holds count for. */
interface Deletions {
  ids: ReadonlySet<string>;
  /** Of `ids`, how many the index holds and their `approxCustomerBytes`. */
  indexed: number;
  bytes: number;
  /** The feed's response `timestamp`, in seconds. */
  timestamp: number | undefined;
}

const NO_DELETIONS: Deletions = { ids: new Set(), indexed: 0, bytes: 0, timestamp: undefined };

export interface CustomerIndexSettings {
  /** How stale the index may get before a lookup refreshes it (PIMCORE_INDEX_REFRESH_MS). */
  refreshMs: number;
  /** Budget of `approxBytes` (PIMCORE_INDEX_MAX_BYTES). */
  maxBytes: number;
  /** Where the index reports going over its budget; console.warn when absent. */
  log?: ((line: string) => void) | undefined;
}

export class PimcoreCustomerIndex {
  private byId = new Map<string, CustomerRecord>();
  private byEmail = new Map<string, Set<string>>();
  private byCustomId = new Map<string, Set<string>>();
  private bytes = 0;
  private highWater: number | undefined;
  private syncedAt = 0;
  private syncing: Promise<void> | undefined;
  /** While over budget: when a lookup may scan again, and what the scan that went over found. */
  private overBudget: { retryAt: number; message: string } | undefined;
  private readonly refreshMs: number;
  private readonly maxBytes: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly client: PimcoreClient,
    settings: CustomerIndexSettings,
    private readonly limiter: Limiter,
    private readonly toCustomer: (wire: WireCustomer) => CustomerRecord,
    private readonly observe: (page: readonly WireCustomer[]) => void,
  ) {
    this.refreshMs = settings.refreshMs;
    this.maxBytes = settings.maxBytes;
    this.log = settings.log ?? ((line) => console.warn(line));
  }

  /** Bytes the index holds as `approxCustomerBytes` counts them (what PIMCORE_INDEX_MAX_BYTES bounds). */
  get approxBytes(): number {
    return this.bytes;
  }

  /** Customers in the index. */
  get size(): number {
    return this.byId.size;
  }

  /** Why lookups fail, while the index is over its budget (for the health message). */
  get warning(): string | undefined {
    return this.overBudget?.message;
  }

  async findByEmails(emails: readonly string[]): Promise<CustomerRecord[][]> {
    await this.fresh();
    return emails.map((email) => this.records(this.byEmail.get(normaliseEmail(email))));
  }

  async findByCustomIds(customIds: readonly string[]): Promise<CustomerRecord[][]> {
    await this.fresh();
    return customIds.map((id) => this.records(this.byCustomId.get(id)));
  }

  private records(ids: Set<string> | undefined): CustomerRecord[] {
    return [...(ids ?? [])].flatMap((id) => this.byId.get(id) ?? []);
  }

  private fresh(): Promise<void> {
    if (this.overBudget && Date.now() < this.overBudget.retryAt) return Promise.reject(this.overBudgetError());
    if (this.highWater !== undefined && Date.now() - this.syncedAt < this.refreshMs) return Promise.resolve();
    // Shared by every request: the one that triggers a sync cannot cancel it for the others.
    this.syncing ??= detached(() => this.sync()).finally(() => {
      this.syncing = undefined;
    });
    return untilRequestStops(this.syncing, 'PIMCORE');
  }

  private async sync(): Promise<void> {
    const since = this.highWater;
    const startedAt = Date.now();
    // An incremental sync reads the deletions feed first, so that the scan can count the changes
    // net of what it deletes: churn near the budget (N deleted, N created) ends where it began.
    const deletions = since === undefined ? NO_DELETIONS : await this.deletionsSince(since);
    const query = since === undefined ? {} : { modificationTimestamp: since };
    let scan: { customers: Map<string, CustomerRecord>; highWater: number | undefined };
    try {
      scan = await this.scan(query, deletions);
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      this.goOverBudget(error, since === undefined);
      throw this.overBudgetError();
    }
    // Deletions, then the changes: a customer in both was listed after the feed was read, so it
    // exists now (Pimcore does not reuse ids; one deleted and listed again was restored, e.g. from
    // the recycle bin, keeping its id) and is kept as listed. `scan` counted it that way.
    for (const id of deletions.ids) this.remove(id);
    for (const record of scan.customers.values()) this.put(record);
    // The next sync reads both feeds from when this one read its first: the deletions feed's
    // timestamp for an incremental sync, else the first page's. A customer deleted after the feed
    // was read but before the changes were listed is then in the next feed (from the listing's later
    // timestamp it would be missed for good); the changes listed since are read again, which is
    // harmless, as is the boundary second the CMF's >= re-reads: ids dedupe.
    // Offset pages can shift under concurrent inserts during a scan; a row missed that way was
    // modified after the first page's timestamp, so the next incremental sync picks it up.
    const readFrom = (since === undefined ? scan.highWater : deletions.timestamp) ?? Math.floor(startedAt / 1000);
    this.highWater = scan.highWater === undefined ? readFrom : Math.min(readFrom, scan.highWater);
    this.syncedAt = startedAt;
    this.overBudget = undefined;
  }

  /** The customers' deletions feed since `since`, and what the ids in it the index holds count for. */
  private async deletionsSince(since: number): Promise<Deletions> {
    const res = await this.client.deletions('customers', since);
    const ids = new Set(res.data.map((d) => vendorIdOf(d.id)));
    let indexed = 0;
    let bytes = 0;
    for (const id of ids) {
      const record = this.byId.get(id);
      if (!record) continue;
      indexed += 1;
      bytes += approxCustomerBytes(record);
    }
    return { ids, indexed, bytes, timestamp: secondsOf(res.timestamp) ?? undefined };
  }

  /**
   * Every page of customers matching `query`: page 1 tells how many more, the rest go out within
   * the vendor's concurrency bound. Each record is counted as it is mapped against what the index
   * will hold once `deletions` and the scan are applied; the record that goes over the budget ends
   * the scan: pages still queued are not requested, pages in flight are discarded when they arrive,
   * and nothing collected so far is kept.
   */
  private async scan(query: { modificationTimestamp?: number }, deletions: Deletions) {
    const customers = new Map<string, CustomerRecord>();
    let projected = this.bytes - deletions.bytes;
    let listed = 0;
    let highWater: number | undefined;
    const take = (page: readonly WireCustomer[]) => {
      this.observe(page);
      for (const wire of page) {
        const { activities: _activities, ...record } = this.toCustomer(wire);
        // A record the feed deletes was subtracted already: it is put back as listed, not replaced.
        const replaced =
          customers.get(record.vendorId) ?? (deletions.ids.has(record.vendorId) ? undefined : this.byId.get(record.vendorId));
        projected += approxCustomerBytes(record) - (replaced ? approxCustomerBytes(replaced) : 0);
        if (projected > this.maxBytes) {
          const over = new OverBudget(customers.size + 1, listed, deletions.indexed);
          // Pages still in flight keep this closure (and so the map) until they land: empty it now.
          customers.clear();
          throw over;
        }
        customers.set(record.vendorId, record);
      }
    };
    // eachPage ends the scan at the first failure, this budget's included: pages still queued are
    // not requested, pages in flight are dropped when they land.
    await eachPage(
      async (page) => {
        const res = await this.client.listCustomers({ page, pageSize: SCAN_PAGE_SIZE, ...query });
        if (page === 1) {
          highWater = secondsOf(res.timestamp) ?? undefined;
          listed = res.totalPages > 1 ? res.totalPages * SCAN_PAGE_SIZE : res.data.length;
        }
        return res;
      },
      take,
      this.limiter,
    );
    return { customers, highWater };
  }

  private goOverBudget(over: OverBudget, full: boolean): void {
    const wasOver = this.overBudget !== undefined;
    const before = this.byId.size;
    this.byId = new Map();
    this.byEmail = new Map();
    this.byCustomId = new Map();
    this.bytes = 0;
    this.highWater = undefined;
    const retryAt = Date.now() + OVER_BUDGET_BACKOFF_MS;
    const where = full
      ? `at customer ${over.read} of about ${over.listed}`
      : `syncing about ${over.listed} changed customers (${over.deleted} deleted) into ${before} indexed`;
    const message =
      `PIMCORE customer index went over PIMCORE_INDEX_MAX_BYTES (${this.maxBytes} bytes) ${where}: ` +
      `lookups by email and customId at PIMCORE fail until ${new Date(retryAt).toISOString()}, when all customers ` +
      'are scanned again; raise PIMCORE_INDEX_MAX_BYTES to hold every customer';
    this.overBudget = { retryAt, message };
    // Once per time it goes over, not again on each scan after the back-off that finds the same.
    if (!wasOver) this.log(`[cdp-gateway] warning: ${message}`);
  }

  /**
   * Not retryable, and no `retryAfterSeconds` either: a retry after the back-off only succeeds if
   * customers were deleted meanwhile (a raised budget needs a restart), so a time to retry at would
   * contradict `retryable: false`. The message says when the index is scanned again.
   */
  private overBudgetError(): GatewayError {
    return new GatewayError('UPSTREAM_UNAVAILABLE', this.overBudget?.message ?? 'PIMCORE customer index is over PIMCORE_INDEX_MAX_BYTES', {
      vendor: 'PIMCORE',
      retryable: false,
    });
  }

  private put(record: CustomerRecord): void {
    this.remove(record.vendorId);
    this.byId.set(record.vendorId, record);
    this.bytes += approxCustomerBytes(record);
    if (record.email) addTo(this.byEmail, normaliseEmail(record.email), record.vendorId);
    if (record.customId) addTo(this.byCustomId, record.customId, record.vendorId);
  }

  private remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    this.bytes -= approxCustomerBytes(old);
    if (old.email) removeFrom(this.byEmail, normaliseEmail(old.email), id);
    if (old.customId) removeFrom(this.byCustomId, old.customId, id);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

/** Drops the key with its last id: an empty Set per key ever seen would outgrow the byte count. */
function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
