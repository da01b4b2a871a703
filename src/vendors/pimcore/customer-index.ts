// Pimcore's webservice cannot filter customers by email or customer number, yet cross-vendor joins
// need exactly that. The adapter keeps a per-process index of all customers, built once by listing
// them and then kept current the way the CMF intends sync to work: customers modified since the
// last response `timestamp`, plus the deletions feed since then (two calls per refresh, not a
// rescan). Memory: one mapped record per customer (about 1 KB each).
import { normaliseEmail } from '../../domain/email.js';
import type { CustomerRecord } from '../../domain/model.js';
import { detached } from '../../request-context.js';
import { untilRequestStops } from '../../resilience/deadline.js';
import type { Limiter } from '../../sources/fan-out.js';
import { vendorIdOf } from '../mapping.js';
import type { PimcoreClient } from './client.js';
import { secondsOf } from './map.js';
import { readAll } from './read-all.js';
import type { WireCustomer } from './wire.js';

const SCAN_PAGE_SIZE = 500;

export class PimcoreCustomerIndex {
  private byId = new Map<string, CustomerRecord>();
  private byEmail = new Map<string, Set<string>>();
  private byCustomId = new Map<string, Set<string>>();
  private highWater: number | undefined;
  private syncedAt = 0;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly client: PimcoreClient,
    private readonly refreshMs: number,
    private readonly limiter: Limiter,
    private readonly toCustomer: (wire: WireCustomer) => CustomerRecord,
    private readonly observe: (page: readonly WireCustomer[]) => void,
  ) {}

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
    const query = since === undefined ? {} : { modificationTimestamp: since };
    let highWater: number | undefined;
    const customers = await readAll(
      async (page) => {
        const res = await this.client.listCustomers({ page, pageSize: SCAN_PAGE_SIZE, ...query });
        if (page === 1) highWater = secondsOf(res.timestamp) ?? undefined;
        this.observe(res.data);
        return res;
      },
      this.toCustomer,
      this.limiter,
    );
    if (since !== undefined) {
      const deletions = await this.client.deletions('customers', since);
      for (const d of deletions.data) this.remove(vendorIdOf(d.id));
    }
    for (const record of customers) this.put(record);
    // The CMF compares with >=, so the next sync re-reads the boundary second: harmless, ids dedupe.
    // Offset pages can shift under concurrent inserts during a scan; a row missed that way was
    // modified after the first page's timestamp, so the next incremental sync picks it up.
    this.highWater = highWater ?? Math.floor(startedAt / 1000);
    this.syncedAt = startedAt;
  }

  private put(record: CustomerRecord): void {
    this.remove(record.vendorId);
    const { activities: _activities, ...slim } = record;
    this.byId.set(record.vendorId, slim);
    if (record.email) addTo(this.byEmail, normaliseEmail(record.email), record.vendorId);
    if (record.customId) addTo(this.byCustomId, record.customId, record.vendorId);
  }

  private remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    if (old.email) this.byEmail.get(normaliseEmail(old.email))?.delete(id);
    if (old.customId) this.byCustomId.get(old.customId)?.delete(id);
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
