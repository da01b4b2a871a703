// Pimcore CMF behind the gateway's ports. Batching notes (DESIGN §5): activities come embedded via
// `includeActivities`, segments and groups are listed once per request, single-id reads fan out
// with bounded concurrency because the CMF has no multi-id read.

import type { CustomerRecord, SegmentGroupRecord, SegmentRecord } from '../../domain/model.js';
import { NotFoundError, UpstreamError } from '../../errors.js';
import { type NumberedPage, pageByNumber, pageOfArray } from '../../pagination/connection.js';
import type { VendorAdapter } from '../../sources/adapter.js';
import { createLimiter, fanOut, notFoundAs } from '../../sources/fan-out.js';
import { applied, DELETED } from '../../sources/outcomes.js';
import type { RequestScope } from '../../sources/scope.js';
import type { AdapterDeps } from '../descriptor.js';
import { PimcoreClient } from './client.js';
import type { PimcoreConfig } from './config.js';
import { PimcoreCustomerIndex } from './customer-index.js';
import { CustomerIdFieldCheck } from './id-field-check.js';
import {
  activityBody,
  customerBody,
  segmentBody,
  segmentGroupBody,
  segmentsOfCustomerBody,
  toActivity,
  toCustomer as toCustomerWith,
  toDeletion,
  toSeconds,
  toSegment,
  toSegmentGroup,
} from './map.js';
import { readAll } from './read-all.js';
import type { WireCustomer } from './wire.js';

const LIST_PAGE_SIZE = 100;

export interface PimcoreAdapter extends VendorAdapter {
  /** Bytes the email/customer-number index holds, as PIMCORE_INDEX_MAX_BYTES counts them (for the `cdp_cache_bytes` gauge). */
  indexBytes(): number;
}

export function createPimcoreAdapter(config: PimcoreConfig, deps: AdapterDeps = {}): PimcoreAdapter {
  const client = new PimcoreClient(config, deps.state);
  const limiter = createLimiter(config.maxConcurrency);
  const idField = config.customerIdField;
  const toCustomer = (wire: WireCustomer) => toCustomerWith(wire, idField);
  const idFieldCheck = deps.log ? new CustomerIdFieldCheck(idField, deps.log) : new CustomerIdFieldCheck(idField);
  const observe = (page: readonly WireCustomer[]) => idFieldCheck.observe(page);
  const index = new PimcoreCustomerIndex(
    client,
    { refreshMs: config.indexRefreshMs, maxBytes: config.indexMaxBytes, log: deps.log },
    limiter,
    toCustomer,
    observe,
  );

  const getCustomer = (id: string, includeActivities: boolean) =>
    client.getCustomer(id, includeActivities).then((r) => toCustomer(r.data), notFoundAs('PIMCORE', 'Customer', id));

  /** Customer fetched with its activities: the request's customer loader, shared by every field that needs them. */
  const customerWithActivities = (scope: RequestScope, id: string) =>
    scope.customers('PIMCORE', { activities: true, customItems: false }).load(id);

  const customersById = (scope: RequestScope) =>
    scope.loader<string, CustomerRecord>('pimcore:customers-by-id', (ids) => fanOut(ids, limiter, (id) => getCustomer(id, true)));

  const allSegments = (scope: RequestScope) =>
    scope.once('pimcore:segments', () => readAll((page) => client.listSegments({ page, pageSize: LIST_PAGE_SIZE }), toSegment, limiter));
  const allGroups = (scope: RequestScope) =>
    scope.once('pimcore:segment-groups', () =>
      readAll((page) => client.listSegmentGroups({ page, pageSize: LIST_PAGE_SIZE }), toSegmentGroup, limiter),
    );

  const pick = <T extends { vendorId: string }>(what: string, all: T[], ids: readonly string[]): (T | Error)[] => {
    const byId = new Map(all.map((r) => [r.vendorId, r]));
    return ids.map((id) => byId.get(id) ?? new NotFoundError(`${what} ${id} not found at PIMCORE`, { vendor: 'PIMCORE', id }));
  };

  const customerPage =
    (query: Record<string, string | number | boolean | undefined>) =>
    async (page: number, pageSize: number): Promise<NumberedPage<CustomerRecord>> => {
      const res = await client.listCustomers({ page, pageSize, ...query });
      observe(res.data);
      return { items: res.data.map(toCustomer), totalPages: res.totalPages };
    };

  return {
    resilience: client.resilience,
    vendor: 'PIMCORE',
    indexBytes: () => index.approxBytes,
    customers: {
      list: (_scope, filter, window, include) =>
        pageByNumber(
          window,
          customerPage({
            segments: filter.segmentIds?.length ? filter.segmentIds.join(',') : undefined,
            modificationTimestamp: filter.modifiedSince ? toSeconds(filter.modifiedSince) : undefined,
            includeActivities: include.activities || undefined,
          }),
        ),
      // The CMF reads a customer by id in one GET whatever it embeds, and node loaders (nodes(ids))
      // are not told the selection: every read by id asks with includeActivities, through one
      // request loader behind both of the request's customer loaders (with and without activities),
      // so a customer's fields and its activities cost that one GET together, the vendor minimum.
      // The price is embedded activities in answers that did not select them.
      load: (scope, ids) => customersById(scope).loadMany(ids),
      findByEmails: (_scope, emails) => index.findByEmails(emails),
      findByCustomIds: (_scope, ids) => index.findByCustomIds(ids),
      create: async (_scope, input) => applied(toCustomer((await client.createCustomer(customerBody(input, idField))).data)),
      update: async (_scope, id, input) =>
        applied(
          toCustomer((await client.updateCustomer(id, customerBody(input, idField)).catch(notFoundAs('PIMCORE', 'Customer', id))).data),
        ),
      delete: async (_scope, id) => {
        await client.deleteCustomer(id).catch(notFoundAs('PIMCORE', 'Customer', id));
        return DELETED;
      },
    },
    activities: {
      list: (_scope, filter, window) =>
        pageByNumber(window, async (page, pageSize) => {
          const res = await client.listActivities({
            page,
            pageSize,
            type: filter.type,
            modifiedSinceTimestamp: filter.modifiedSince ? toSeconds(filter.modifiedSince) : undefined,
          });
          return { items: res.data.map(toActivity), totalPages: res.totalPages };
        }),
      // The doc has no customerId filter on /activities: a customer's activities come only from
      // the `includeActivities` embed, fetched once per customer per request when not embedded yet.
      forCustomer: async (scope, customer, window) =>
        pageOfArray(window, customer.activities ?? (await customerWithActivities(scope, customer.vendorId)).activities ?? []),
      load: (_scope, ids) =>
        fanOut(ids, limiter, (id) => client.getActivity(id).then((r) => toActivity(r.data), notFoundAs('PIMCORE', 'Activity', id))),
      // The CMF insists on an attributes object for new activities, even an empty one.
      create: async (_scope, input) => applied(toActivity((await client.createActivity({ attributes: {}, ...activityBody(input) })).data)),
      update: async (_scope, id, input) =>
        applied(toActivity((await client.updateActivity(id, activityBody(input)).catch(notFoundAs('PIMCORE', 'Activity', id))).data)),
      delete: async (_scope, id) => {
        await client.deleteActivity(id).catch(notFoundAs('PIMCORE', 'Activity', id));
        return DELETED;
      },
    },
    segments: {
      all: allSegments,
      load: async (scope, ids) => pick('Segment', await allSegments(scope), ids),
      members: (_scope, segment, window, include) =>
        pageByNumber(window, customerPage({ segments: segment.vendorId, includeActivities: include.activities || undefined })),
      allGroups,
      loadGroups: async (scope, ids) => pick('SegmentGroup', await allGroups(scope), ids),
      create: async (_scope, input) => applied<SegmentRecord>(toSegment(await client.createSegment(segmentBody(input)))),
      update: async (_scope, id, input) =>
        applied<SegmentRecord>(toSegment(await client.updateSegment(id, segmentBody(input)).catch(notFoundAs('PIMCORE', 'Segment', id)))),
      delete: async (_scope, id) => {
        await client.deleteSegment(id).catch(notFoundAs('PIMCORE', 'Segment', id));
        return DELETED;
      },
      createGroup: async (_scope, input) =>
        applied<SegmentGroupRecord>(toSegmentGroup(await client.createSegmentGroup(segmentGroupBody(input)))),
      updateGroup: async (_scope, id, input) =>
        applied<SegmentGroupRecord>(
          toSegmentGroup(await client.updateSegmentGroup(id, segmentGroupBody(input)).catch(notFoundAs('PIMCORE', 'SegmentGroup', id))),
        ),
      deleteGroup: async (_scope, id) => {
        await client.deleteSegmentGroup(id).catch(notFoundAs('PIMCORE', 'SegmentGroup', id));
        return DELETED;
      },
      changeMembership: async (_scope, change) => {
        await client.segmentsOfCustomer(segmentsOfCustomerBody(change)).catch((error: unknown) => {
          // The handler reports an unknown customer as a 400 "customer with id X not found".
          if (error instanceof UpstreamError && /not found/i.test(error.vendorMessage ?? '')) {
            throw new NotFoundError(`Customer ${change.customerVendorId} not found at PIMCORE`, {
              vendor: 'PIMCORE',
              id: change.customerVendorId,
            });
          }
          throw error;
        });
        return applied(await getCustomer(change.customerVendorId, false));
      },
    },
    deletions: {
      since: async (_scope, entityType, since) => {
        const wireType = entityType === 'ACTIVITY' ? 'activities' : 'customers';
        const res = await client.deletions(wireType, since ? toSeconds(since) : undefined);
        return res.data.map((d) => toDeletion(d, wireType));
      },
    },
    // One customer proves the key works and shows whether the configured id field exists; an index
    // over PIMCORE_INDEX_MAX_BYTES is said too (the vendor is up, its lookups by email are not).
    probe: async () => {
      observe((await client.listCustomers({ page: 1, pageSize: 1 })).data);
      const warnings = [idFieldCheck.warning, index.warning].filter((w) => w !== undefined);
      return warnings.length > 0 ? warnings.join('; ') : undefined;
    },
    close: () => client.close(),
  };
}
