// Bloomreach Engagement behind the gateway's ports. The only read is a full (optionally segment-
// filtered) customer export with no paging, so the adapter takes ONE export per distinct filter,
// shared by every request (single-flight), keeps it as a snapshot for `snapshotTtlMs`, and pages,
// looks up and joins over that snapshot. Cursors name their snapshot; see snapshot-store.ts.
import { normaliseEmail } from '../../domain/email.js';
import type { CustomerRecord, SegmentRecord } from '../../domain/model.js';
import { badUserInput, NotFoundError, UpstreamError } from '../../errors.js';
import type { Page, PageWindow } from '../../pagination/connection.js';
import { fingerprint } from '../../pagination/cursor.js';
import { untilRequestStops } from '../../resilience/deadline.js';
import type { VendorAdapter } from '../../sources/adapter.js';
import type { CustomerFilter } from '../../sources/customers.js';
import { createLimiter } from '../../sources/fan-out.js';
import type { SharedStore } from '../../state/store.js';
import { columnLayout } from './attributes.js';
import { BloomreachClient } from './client.js';
import type { BloomreachConfig } from './config.js';
import { ExportHealth } from './health.js';
import { parseNativeId, parseSegmentId, type Segmentation, toCustomer, toSegment, toSegmentGroup } from './map.js';
import type { Snapshot } from './snapshot.js';
import { SharedSnapshots } from './snapshot-shared.js';
import { SnapshotStore } from './snapshot-store.js';
import { type ExportFilter, errorFields, exportBody } from './wire.js';

export interface BloomreachAdapterOptions {
  /** Snapshots kept at once (default 32: the whole project plus one per segment in use). */
  maxSnapshots?: number;
  /** State shared with other replicas (REDIS_URL): one export per filter across them. */
  state?: SharedStore | undefined;
  /** Where snapshot-sharing trouble is reported; console.warn when absent. */
  log?: ((line: string) => void) | undefined;
}

export interface SnapshotStats {
  /** Finished snapshots kept. */
  snapshots: number;
  /** Exports still streaming in (their rows already serve pages). */
  filling: number;
  approxBytes: number;
}

export interface BloomreachAdapter extends VendorAdapter {
  /** How much the export snapshots hold right now (for benchmarks and diagnostics). */
  snapshotStats(): SnapshotStats;
}

function notFound(what: string, id: string): NotFoundError {
  return new NotFoundError(`${what} ${id} not found at BLOOMREACH`, { vendor: 'BLOOMREACH', id });
}

/** The vendor validates the filter too (for segmentations missing from config); name our field. */
function rejectedFilterAsBadInput(error: unknown): never {
  if (error instanceof UpstreamError && error.code === 'UPSTREAM_REJECTED') {
    const fields = errorFields(error.body) ?? {};
    const field = Object.keys(fields).find((name) => name.startsWith('filter'));
    if (field) {
      const ours = field === 'filter.segment_index' ? 'filter.segmentation.index' : 'filter.segmentation.id';
      throw badUserInput(ours, (fields[field] ?? []).join(' '));
    }
  }
  throw error;
}

export function createBloomreachAdapter(config: BloomreachConfig, options: BloomreachAdapterOptions = {}): BloomreachAdapter {
  const client = new BloomreachClient(config, options.state);
  const layout = columnLayout(config.attributes);
  const firstId = layout.ids[0];
  // One identifier column is enough to prove access; the first listed is one the project has.
  const probeBody = exportBody(
    { type: 'some', list: firstId ? [{ type: 'id', id: firstId.name }] : layout.request.list.slice(0, 1) },
    undefined,
  );
  const health = new ExportHealth(config.snapshotTtlMs, () => client.probe(probeBody));
  const customer = (snapshot: Snapshot, row: number) => toCustomer(layout, snapshot, row);
  const store = new SnapshotStore({
    ttlMs: config.snapshotTtlMs,
    maxSnapshots: options.maxSnapshots ?? 32,
    ...config.local,
    limiter: createLimiter(config.maxConcurrency),
  });
  // Only with Redis: in one process the local store already is the whole truth.
  const shared =
    options.state?.kind === 'redis'
      ? new SharedSnapshots(options.state, store, {
          ttlMs: config.snapshotTtlMs,
          exportLeaseMs: config.exportTimeoutMs + 10_000,
          ...config.shared,
          ...(options.log ? { log: options.log } : {}),
        })
      : undefined;
  const segmentations = new Map<string, Segmentation>(config.segmentations.map((s) => [s.id, s]));
  const allSegments: SegmentRecord[] = config.segmentations.flatMap((s) => s.segments.map((_, index) => toSegment(s, index)));
  const segmentsById = new Map(allSegments.map((s) => [s.vendorId, s]));

  const exportOf = (filter: ExportFilter | undefined) => {
    const body = exportBody(layout.request, filter);
    return {
      key: fingerprint('bloomreach-export', body),
      // A usable header already shows the vendor answering; the end of the export is recorded too.
      fill: (snapshot: Snapshot) => health.track(client.exportInto(body, snapshot, () => health.record())).catch(rejectedFilterAsBadInput),
    };
  };

  /** First pages take the current snapshot (or start one); later pages the cursor's own snapshot. */
  const snapshotFor = async (filter: ExportFilter | undefined, window?: PageWindow): Promise<Snapshot> => {
    const { key, fill } = exportOf(filter);
    if (!window?.after) return shared ? shared.current(key, fill) : store.current(key, fill);
    if (window.after.s === undefined) throw badUserInput('after', 'malformed cursor');
    return shared ? shared.resume(key, window.after.s) : store.resume(key, window.after.s);
  };

  const completeSnapshot = async (filter: ExportFilter | undefined): Promise<Snapshot> => {
    // The export (and the wait for another replica's) goes on for other requests; this one stops waiting at its deadline.
    const snapshot = await untilRequestStops(snapshotFor(filter), 'BLOOMREACH');
    await untilRequestStops(snapshot.done, 'BLOOMREACH');
    return snapshot;
  };

  /** A snapshot grows when a lookup is first built; the store re-measures it then. */
  const measured = <T>(snapshot: Snapshot, build: () => T): T => {
    const before = snapshot.approxBytes;
    const built = build();
    if (snapshot.approxBytes !== before) store.resize(snapshot);
    return built;
  };

  const rowOf = (snapshot: Snapshot, vendorId: string): number | undefined => {
    const parsed = parseNativeId(layout, vendorId);
    return parsed ? measured(snapshot, () => snapshot.idIndex(parsed.column)).get(parsed.value) : undefined;
  };

  async function pageOf(snapshot: Snapshot, window: PageWindow): Promise<Page<CustomerRecord>> {
    const end = window.offset + window.limit;
    // One row past the window tells whether there is a next page, without waiting for the end.
    await untilRequestStops(snapshot.rows(end + 1), 'BLOOMREACH');
    const available = snapshot.rowCount;
    const items: CustomerRecord[] = [];
    for (let row = window.offset; row < Math.min(end, available); row++) items.push(customer(snapshot, row));
    return {
      items,
      hasNextPage: available > end,
      totalCount: () => untilRequestStops(snapshot.done, 'BLOOMREACH').then(() => snapshot.rowCount),
      edgeState: () => ({ s: snapshot.id }),
    };
  }

  function exportFilterOf(filter: CustomerFilter): ExportFilter | undefined {
    if (filter.modifiedSince) throw badUserInput('filter.modifiedSince', 'BLOOMREACH exports cannot filter by modification time');
    const ids = filter.segmentIds ?? [];
    if (ids.length > 1) throw badUserInput('filter.segmentIds', 'BLOOMREACH exports filter by one segment at a time');
    if (ids.length === 1 && filter.segmentation) throw badUserInput('filter.segmentIds', 'give segmentIds or segmentation, not both');
    let wanted = filter.segmentation;
    if (ids[0] !== undefined) {
      const parsed = parseSegmentId(ids[0]);
      if (!parsed) throw badUserInput('filter.segmentIds.0', 'not a BLOOMREACH segment');
      wanted = { id: parsed.segmentationId, index: parsed.index };
    }
    if (!wanted) return undefined;
    const known = segmentations.get(wanted.id);
    // Segmentations missing from config are passed on: the vendor knows them, and says so if not.
    if (known && (wanted.index < -1 || wanted.index >= known.segments.length)) {
      throw badUserInput(
        'filter.segmentation.index',
        `segmentation ${known.id} has segments 0 to ${known.segments.length - 1}, or -1 for customers in none`,
      );
    }
    return { type: 'segment', segmentation_id: wanted.id, segment_index: wanted.index };
  }

  const segmentFilter = (segment: SegmentRecord): ExportFilter => {
    const parsed = parseSegmentId(segment.vendorId);
    if (!parsed) throw notFound('Segment', segment.vendorId);
    return { type: 'segment', segmentation_id: parsed.segmentationId, segment_index: parsed.index };
  };

  return {
    resilience: client.resilience,
    vendor: 'BLOOMREACH',
    customers: {
      list: async (_scope, filter, window) => pageOf(await snapshotFor(exportFilterOf(filter), window), window),
      // Served from the whole-project snapshot: at most `snapshotTtlMs` old, one export for any number of ids.
      load: async (_scope, ids) => {
        const snapshot = await completeSnapshot(undefined);
        return ids.map((id) => {
          const row = rowOf(snapshot, id);
          return row === undefined ? notFound('Customer', id) : customer(snapshot, row);
        });
      },
      findByEmails: async (_scope, emails) => {
        const column = layout.roles.email;
        // A project that exports no email property has no customer to find by one.
        if (column === undefined) return emails.map(() => []);
        const snapshot = await completeSnapshot(undefined);
        const byEmail = measured(snapshot, () => snapshot.emailIndex(column));
        return emails.map((email) => {
          const rows = byEmail.get(normaliseEmail(email));
          if (rows === undefined) return [];
          return (Array.isArray(rows) ? rows : [rows]).map((row) => customer(snapshot, row));
        });
      },
      findByCustomIds: async (_scope, customIds) => {
        const column = layout.roles.customId;
        if (column === undefined) return customIds.map(() => []);
        const snapshot = await completeSnapshot(undefined);
        const byCustomId = measured(snapshot, () => snapshot.idIndex(column));
        return customIds.map((customId) => {
          const row = byCustomId.get(customId);
          return row === undefined ? [] : [customer(snapshot, row)];
        });
      },
    },
    segments: {
      // Segmentations come from configuration: the export API has no endpoint that lists them.
      all: () => Promise.resolve(allSegments),
      load: (_scope, ids) => Promise.resolve(ids.map((id) => segmentsById.get(id) ?? notFound('Segment', id))),
      members: async (_scope, segment, window) => pageOf(await snapshotFor(segmentFilter(segment), window), window),
      // One export per configured segment, each shared with `members` and kept for the snapshot TTL.
      segmentIdsOf: async (_scope, customer) => {
        const member = await Promise.all(
          allSegments.map(async (segment) => {
            return rowOf(await completeSnapshot(segmentFilter(segment)), customer.vendorId) !== undefined;
          }),
        );
        return allSegments.filter((_, i) => member[i]).map((s) => s.vendorId);
      },
      allGroups: () => Promise.resolve(config.segmentations.map(toSegmentGroup)),
      loadGroups: (_scope, ids) =>
        Promise.resolve(
          ids.map((id) => {
            const found = segmentations.get(id);
            return found ? toSegmentGroup(found) : notFound('SegmentGroup', id);
          }),
        ),
    },
    // Reports the latest export's outcome; see health.ts for when a probe export is started.
    probe: () => health.check(),
    snapshotStats: () => ({ snapshots: store.size, filling: store.fillingCount, approxBytes: store.approxBytes }),
    close: async () => {
      store.clear();
      await client.close();
    },
  };
}
