// Synerise behind the gateway's ports. Batching notes (DESIGN §5): Synerise has no multi-id read, so
// profile, segmentation and catalog lookups are one call per distinct key per request (RequestScope
// loaders), at most `maxConcurrency` at a time. Profile creates and events are asynchronous at
// Synerise (202, no id): they come back QUEUED with no record, never as a profile that may not exist.

import { isDeepStrictEqual } from 'node:util';
import { normaliseEmail } from '../../domain/email.js';
import type { ActivityRecord, CustomerRecord } from '../../domain/model.js';
import { badUserInput, NotFoundError, UnsupportedOperationError, UpstreamError, ValidationError } from '../../errors.js';
import { type PageWindow, pageByOffset } from '../../pagination/connection.js';
import { pageByIndexWithoutTotal } from '../../pagination/page-index.js';
import type { ActivityInput } from '../../sources/activities.js';
import type { VendorAdapter } from '../../sources/adapter.js';
import type { BatchOutcome } from '../../sources/batch.js';
import type { CatalogItemRef } from '../../sources/catalogs.js';
import { type CustomerInput, NO_INCLUDE } from '../../sources/customers.js';
import { createLimiter, fanOut, notFoundAs } from '../../sources/fan-out.js';
import { applied, DELETED, queued as QUEUED } from '../../sources/outcomes.js';
import type { RequestScope } from '../../sources/scope.js';
import type { SharedStore } from '../../state/store.js';
import { vendorIdOf } from '../mapping.js';
import { MAX_EVENTS_PER_CALL, pageByEventCursor } from './activity-paging.js';
import { type BatchItem, sendBatches } from './batch.js';
import { type ProfileIdentifier, SyneriseClient } from './client.js';
import type { SyneriseConfig } from './config.js';
import {
  customEventBody,
  instantOf,
  parseActivityVendorId,
  profileBody,
  toActivity,
  toCatalog,
  toCatalogItem,
  toCrmCustomer,
  toCustomer,
  toSegment,
} from './map.js';
import { reflectsUpdate } from './read-back.js';

const EVERY_INCLUDE = [false, true].flatMap((activities) => [false, true].map((customItems) => ({ activities, customItems })));

/** Synerise profile and catalog ids are integers; anything else cannot exist there, so it costs no call. */
const isNumericId = (id: string): boolean => /^\d{1,19}$/.test(id);
const notFound = (what: string, id: string) => new NotFoundError(`${what} ${id} not found at SYNERISE`, { vendor: 'SYNERISE', id });

/**
 * Lookup keys: emails normalised as the gateway joins them (NFC, trimmed, lower case; Synerise is
 * assumed to match emails case-insensitively, as its sandbox does), custom ids exactly. One key per
 * person, so the same email in two casings is one call.
 */

export function createSyneriseAdapter(config: SyneriseConfig, options: { state?: SharedStore | undefined } = {}): VendorAdapter {
  const client = new SyneriseClient(config, options.state);
  const limiter = createLimiter(config.maxConcurrency);

  const getProfile = (id: string): Promise<CustomerRecord> =>
    isNumericId(id)
      ? client.getProfile(id).then(toCustomer, notFoundAs('SYNERISE', 'Customer', id))
      : Promise.reject(notFound('Customer', id));

  /**
   * The request's customer loaders (one GET per distinct clientId per request); lookups by email or
   * custom id prime them. A profile reads the same whatever the embeds, so every variant shares it.
   */
  const profiles = (scope: RequestScope) => EVERY_INCLUDE.map((include) => scope.customers('SYNERISE', include));
  const prime = (scope: RequestScope, customer: CustomerRecord) => {
    for (const loader of profiles(scope)) loader.prime(customer.vendorId, customer);
  };
  const forget = (scope: RequestScope, id: string) => {
    for (const loader of profiles(scope)) loader.clear(id);
  };

  const findBy = (identifier: ProfileIdentifier) => (scope: RequestScope) =>
    scope.loader<string, CustomerRecord[]>(`synerise:${identifier}`, (keys) =>
      fanOut(keys, limiter, async (key) => {
        if (key === '') return [];
        try {
          const customer = toCustomer(await client.findProfile(identifier, key));
          prime(scope, customer);
          return [customer];
        } catch (error) {
          if (error instanceof UpstreamError && error.code === 'NOT_FOUND') return [];
          throw error;
        }
      }),
    );
  const byEmail = findBy('by-email');
  const byCustomId = findBy('by-custom-id');

  const segmentMembers = (uuid: string, window: PageWindow) =>
    pageByOffset(window, async (start, count) => {
      const res = await client.segmentationMembers(uuid, start, count).catch(notFoundAs('SYNERISE', 'Segment', uuid));
      return { items: res.customers.map(toCrmCustomer), total: res.matching ?? res.all ?? start + res.customers.length };
    });

  // Segmentations come from configuration: the reference references them only by UUID and has no
  // call that lists or names them (`definitions-manager` holds only expressions and aggregates).
  const configuredSegments = config.segmentations.map(toSegment);
  const segmentsById = new Map(configuredSegments.map((s) => [s.vendorId, s]));

  const getCatalogItem = (ref: CatalogItemRef) =>
    isNumericId(ref.catalogVendorId)
      ? client
          .getItem(ref.catalogVendorId, ref.key)
          .then(
            (r) => toCatalogItem(r.data, ref.catalogVendorId),
            notFoundAs('SYNERISE', 'CatalogItem', `${ref.catalogVendorId}:${ref.key}`),
          )
      : Promise.reject(notFound('Catalog', ref.catalogVendorId));

  /**
   * An activity is found again among its profile's events around its millisecond, matched by time
   * and `unique`. The reference's single-activity read ("Retrieve the details of a single
   * activity", body `{identifierValue, additionalData:{time, unique}}`) lost its path in the doc
   * and no public source gives it, so the documented list is used instead. The doc does not say
   * whether dateFrom/dateTo are inclusive, so the window reaches one millisecond past each side:
   * correct either way, and the exact match below drops the neighbours.
   */
  const getActivity = async (vendorId: string): Promise<ActivityRecord> => {
    const ref = parseActivityVendorId(vendorId);
    if (!ref) throw notFound('Activity', vendorId);
    const res = await client
      .eventsOfProfile(ref.clientId, { limit: MAX_EVENTS_PER_CALL, sortBy: 'time:asc', dateFrom: ref.time - 1, dateTo: ref.time + 1 })
      .catch(notFoundAs('SYNERISE', 'Activity', vendorId));
    const found = res.data.find((e) => instantOf(e) === ref.time && vendorIdOf(e.unique) === ref.unique);
    if (!found) throw notFound('Activity', vendorId);
    return toActivity(found, ref.clientId);
  };

  const eventInput = (input: ActivityInput): { body: Record<string, unknown> } | Error => {
    const clientId = input.customerVendorId ?? '';
    if (!isNumericId(clientId)) return notFound('Customer', clientId);
    if (!input.type) return new ValidationError([{ field: 'type', message: 'is required' }], { vendor: 'SYNERISE' });
    return { body: customEventBody({ ...input, type: input.type }, clientId) };
  };

  return {
    resilience: client.resilience,
    vendor: 'SYNERISE',
    customers: {
      list: (_scope, filter, window) => {
        if (filter.modifiedSince) throw new UnsupportedOperationError('SYNERISE', 'customers.list', 'filtering customers by modifiedSince');
        if (filter.segmentation)
          throw new UnsupportedOperationError('SYNERISE', 'customers.list', 'filtering customers by segmentation index');
        const segments = filter.segmentIds ?? [];
        if (segments.length > 1) throw badUserInput('filter.segmentIds', 'SYNERISE lists the members of one segment at a time');
        if (segments[0]) return segmentMembers(segments[0], window);
        // Assumption: without `sortBy` the list keeps a stable order (clientId, so new profiles only
        // append). The reference documents no default order, but none of its `sortBy` fields
        // (firstName, lastName, lastActivityDate, email, city, phone) is both unique and fixed:
        // lastActivityDate moves with every event, and the others are nullable, can repeat and
        // change on update, so sorting by one would not make index paging stable either.
        return pageByIndexWithoutTotal(window, async (pageIndex, pageSize) =>
          (await client.listProfiles(pageIndex, pageSize)).map(toCustomer),
        );
      },
      load: (_scope, ids) => fanOut(ids, limiter, getProfile),
      findByEmails: (scope, emails) => Promise.all(emails.map((email) => byEmail(scope).load(normaliseEmail(email)))),
      findByCustomIds: (scope, customIds) => Promise.all(customIds.map((id) => byCustomId(scope).load(id.trim()))),
      create: async (_scope, input) => {
        await client.createProfile(profileBody(input, 'create'));
        return QUEUED<CustomerRecord>();
      },
      createMany: async (_scope, inputs: readonly CustomerInput[]) => {
        const outcomes: BatchOutcome<CustomerRecord> = inputs.map(() => new Error('not sent'));
        const items: BatchItem[] = inputs.map((input, index) => ({ index, body: profileBody(input, 'create') }));
        return sendBatches(outcomes, items, (bodies) => client.batchProfiles(bodies));
      },
      update: async (scope, id, input) => {
        if (!isNumericId(id)) throw notFound('Customer', id);
        const body = profileBody(input, 'update');
        await client.updateProfile(id, body).catch(notFoundAs('SYNERISE', 'Customer', id));
        // The update answers 202 without a body and the reference does not promise it is applied
        // by then (creates and batches, on the same service, are queued). The profile is read back:
        // only a read that shows every written value is returned APPLIED; anything else is QUEUED.
        const read = await getProfile(id);
        forget(scope, id);
        if (!reflectsUpdate(read, body)) return QUEUED<CustomerRecord>();
        prime(scope, read);
        return applied(read);
      },
      delete: async (scope, id) => {
        if (!isNumericId(id)) throw notFound('Customer', id);
        await client.deleteProfile(id).catch(notFoundAs('SYNERISE', 'Customer', id));
        forget(scope, id);
        return DELETED;
      },
    },
    activities: {
      // Oldest first, as the gateway orders a customer's activities; new events then only ever
      // append, so cursors already handed out stay valid.
      // A page of customers that all select activities makes one call per customer (there is no
      // multi-profile read): the same page asked twice in a request is read once, and the calls
      // share the concurrency bound.
      forCustomer: (scope, customer, window) =>
        pageByEventCursor(window, (pageToken, limit) =>
          scope.once(`synerise:events:${customer.vendorId}:${limit}:${pageToken ?? ''}`, () =>
            limiter(async () => {
              const res = await client
                .eventsOfProfile(customer.vendorId, { limit, pageToken: pageToken ?? undefined, sortBy: 'time:asc' })
                .catch(notFoundAs('SYNERISE', 'Customer', customer.vendorId));
              return { items: res.data.map((e) => toActivity(e, customer.vendorId)), after: res.meta?.cursors?.after ?? null };
            }),
          ),
        ),
      load: (_scope, ids) => fanOut(ids, limiter, getActivity),
      create: async (scope, input) => {
        const event = eventInput(input);
        if (event instanceof Error) throw event;
        // Synerise drops events for an unknown clientId inside its queue, after answering 202;
        // checking first turns that silent loss into a NotFoundError.
        await scope.customers('SYNERISE', NO_INCLUDE).load(input.customerVendorId ?? '');
        await client.customEvent(event.body);
        return QUEUED<ActivityRecord>();
      },
      // Every event is identified by clientId, so each batch uses the one identifier type
      // Synerise requires per request. Unknown clientIds are not checked here (one read per
      // event would defeat the batch); Synerise drops such events in its queue.
      createMany: async (_scope, inputs) => {
        const outcomes: BatchOutcome<ActivityRecord> = inputs.map(() => new Error('not sent'));
        const items: BatchItem[] = [];
        inputs.forEach((input, index) => {
          const event = eventInput(input);
          if (event instanceof Error) outcomes[index] = event;
          else items.push({ index, body: { type: 'custom', ...event.body } });
        });
        return sendBatches(outcomes, items, (bodies) => client.batchEvents(bodies));
      },
    },
    segments: {
      all: () => Promise.resolve(configuredSegments),
      // A UUID missing from SYNERISE_SEGMENTATIONS has no name to show, so it is not a Segment here
      // (its members can still be listed with customers(filter: {segmentIds})).
      load: (_scope, ids) => Promise.resolve(ids.map((id) => segmentsById.get(id) ?? notFound('Segment', id))),
      members: (_scope, segment, window) => segmentMembers(segment.vendorId, window),
    },
    catalogs: {
      list: (_scope, window) =>
        pageByOffset(window, async (start, count) => {
          const res = await client.listCatalogs(start, count);
          return { items: res.data.map(toCatalog), total: res.metaData.totalCount };
        }),
      load: (_scope, ids) =>
        fanOut(ids, limiter, async (id) => {
          if (!isNumericId(id)) throw notFound('Catalog', id);
          return toCatalog((await client.getCatalog(id).catch(notFoundAs('SYNERISE', 'Catalog', id))).data);
        }),
      items: (_scope, catalog, window) =>
        pageByOffset(window, async (start, count) => {
          const res = await client.listItems(catalog.vendorId, start, count).catch(notFoundAs('SYNERISE', 'Catalog', catalog.vendorId));
          return { items: res.data.map((w) => toCatalogItem(w, catalog.vendorId)), total: res.metaData.totalCount };
        }),
      loadItems: (_scope, refs) => fanOut(refs, limiter, getCatalogItem),
      upsertItem: async (_scope, input) => {
        if (typeof input.value !== 'object' || input.value === null || Array.isArray(input.value)) {
          throw new ValidationError([{ field: 'value', message: 'must be a JSON object: Synerise catalog items are objects' }], {
            vendor: 'SYNERISE',
          });
        }
        if (!isNumericId(input.catalogVendorId)) throw notFound('Catalog', input.catalogVendorId);
        await client
          .addItem(input.catalogVendorId, input.key, input.value as Record<string, unknown>)
          .catch(notFoundAs('SYNERISE', 'Catalog', input.catalogVendorId));
        // The add answers a bare `true`, and the reference does not say what "Add a single item"
        // does to an existing itemKey (assumed: replaces its value). The item is read back, and
        // a stored value other than the one written is an error, never a success.
        const stored = await getCatalogItem(input);
        if (!isDeepStrictEqual(stored.value, input.value)) {
          throw new UpstreamError(
            'UPSTREAM_CONFLICT',
            `SYNERISE did not store catalog item ${input.key}: the add was accepted but the catalog still holds another value under that key`,
            { vendor: 'SYNERISE' },
          );
        }
        return applied(stored);
      },
      deleteItem: async (_scope, ref) => {
        if (!isNumericId(ref.catalogVendorId)) throw notFound('Catalog', ref.catalogVendorId);
        await client
          .deleteItem(ref.catalogVendorId, ref.key)
          .catch(notFoundAs('SYNERISE', 'CatalogItem', `${ref.catalogVendorId}:${ref.key}`));
        return DELETED;
      },
    },
    probe: async () => {
      await client.listProfiles(1, 1);
    },
    close: () => client.close(),
  };
}
