// Salesforce Commerce Cloud (OCAPI Data API 19.10, Sites resource) behind the gateway's ports.
// Batching notes (DESIGN §5): the Sites resource has no multi-key read, so custom objects and
// sites are read one per call, deduplicated per request by the schema's loaders and bounded by
// `maxConcurrency` here; lists page by start/count; every read carries the narrowest `select`.
import type { CustomItemRecord, WriteOutcome } from '../../domain/model.js';
import type { SiteRecord } from '../../domain/site.js';
import { ConflictError, NotFoundError, UpstreamError, ValidationError } from '../../errors.js';
import { pageByOffset } from '../../pagination/connection.js';
import type { VendorAdapter } from '../../sources/adapter.js';
import { type CustomItemRef, type CustomItemWrite, customItemLocator, parseCustomItemLocator } from '../../sources/custom-items.js';
import { createLimiter, fanOut } from '../../sources/fan-out.js';
import { applied, DELETED } from '../../sources/outcomes.js';
import type { SelectedFields } from '../../sources/sites.js';
import { SfccClient, type SfccClientOptions } from './client.js';
import type { SfccConfig } from './config.js';
import { fromFault } from './errors.js';
import {
  cartridgeAddBody,
  cartridgePathBody,
  customObjectBody,
  instanceTypeWire,
  toAbTest,
  toCustomItem,
  toLocale,
  toPreferences,
  toRecommender,
  toSite,
  toSlotConfiguration,
  withSite,
} from './map.js';
import { AB_TEST_SELECT, CUSTOM_OBJECT_SELECT, documentSelect, LOCALE_SELECT, listSelect, SITE_SELECT, SLOT_SELECT } from './select.js';

/** OCAPI's paging ceiling for `count`. */
const MAX_COUNT = 200;
const CARTRIDGE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Only `c_` properties are custom attributes; anything else the instance would silently drop. */
function customProperties(values: Record<string, unknown>, field: string): Record<string, unknown> {
  const wrong = Object.keys(values).filter((k) => !/^c_\w+$/.test(k));
  if (wrong.length > 0) {
    throw new ValidationError(
      wrong.map((k) => ({ field: `${field}.${k}`, message: 'custom attributes are named with their c_ prefix (e.g. c_tier)' })),
      { vendor: 'SFCC' },
    );
  }
  return values;
}

const isConflict = (error: unknown) => error instanceof UpstreamError && error.httpStatus === 409;

export function createSfccAdapter(config: SfccConfig, options: SfccClientOptions = {}): VendorAdapter {
  const client = new SfccClient(config, options);
  const limiter = createLimiter(config.maxConcurrency);

  /** The version the object has now (for a ConflictError), if it still exists. */
  const currentVersion = (ref: CustomItemRef) =>
    client.getCustomObject(ref.owner, ref.objectType, ref.key, '(object_type)').then(
      (w) => w._resource_state,
      () => undefined,
    );

  const conflict = async (ref: CustomItemRef, expected: string | undefined): Promise<never> => {
    const current = await currentVersion(ref);
    const what = `CustomItem ${customItemLocator(ref)}`;
    throw new ConflictError(
      expected === 'not_exists' ? `${what} already exists` : `${what} changed since version ${expected ?? '(none)'}`,
      {
        vendor: 'SFCC',
        ...(current === undefined ? {} : { currentVersion: current }),
      },
    );
  };

  /** Runs a custom-object write, turning faults into typed errors and a 409 into a ConflictError. */
  const write = async <T>(ref: CustomItemRef, expected: string | undefined, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isConflict(error)) return conflict(ref, expected);
      return fromFault(error, { item: ref, write: true });
    }
  };

  const upsert = async (input: CustomItemWrite): Promise<WriteOutcome<CustomItemRecord>> => {
    if (input.key === undefined || input.key === '')
      throw new ValidationError([{ field: 'key', message: 'is required for SFCC custom objects' }], { vendor: 'SFCC' });
    if (input.name !== undefined)
      throw new ValidationError([{ field: 'name', message: 'SFCC custom objects have no name' }], { vendor: 'SFCC' });
    const ref = { owner: input.owner, objectType: input.objectType, key: input.key };
    const body = customObjectBody(customProperties(input.attributes, 'attributes'), input.expectedVersion);
    const wire = await write(ref, input.expectedVersion, () => client.putCustomObject(ref.owner, ref.objectType, ref.key, body));
    return applied(toCustomItem(ref.owner, ref.objectType, ref.key, wire));
  };

  const siteWithCartridges = async (siteId: string, path: string): Promise<WriteOutcome<SiteRecord>> => {
    const site = await client.getSite(siteId, undefined).then(toSite, () => undefined);
    return applied(withSite(site, siteId, path));
  };

  const pageOf =
    <W, T>(fetch: (start: number, count: number) => Promise<{ items: W[]; total: number }>, map: (w: W) => T) =>
    async (start: number, count: number) => {
      const res = await fetch(start, Math.min(count, MAX_COUNT));
      return { items: res.items.map(map), total: res.total };
    };

  return {
    resilience: client.resilience,
    vendor: 'SFCC',
    // Per-site reads (a page of sites each asking for its A/B tests, say) share the vendor's
    // concurrency bound like every other fan-out.
    sites: {
      list: (_scope, window, fields) =>
        pageByOffset(
          window,
          pageOf((start, count) => client.listSites({ start, count, select: listSelect(fields, SITE_SELECT, ['id']) }), toSite),
        ),
      load: (_scope, ids, fields: SelectedFields) =>
        fanOut(ids, limiter, (id) =>
          client.getSite(id, documentSelect(fields, SITE_SELECT, ['id'])).then(toSite, (e: unknown) => fromFault(e)),
        ),
      abTests: (_scope, site, window, fields) =>
        pageByOffset(
          window,
          pageOf(
            (start, count) =>
              limiter(() => client.listAbTests(site.vendorId, { start, count, select: listSelect(fields, AB_TEST_SELECT, ['id']) })),
            (w) => toAbTest(site.vendorId, w),
          ),
        ).catch((e: unknown) => fromFault(e)),
      slotConfigurations: (_scope, site, window, fields) =>
        pageByOffset(
          window,
          pageOf(
            (start, count) =>
              limiter(() =>
                client.listSlotConfigurations(site.vendorId, { start, count, select: listSelect(fields, SLOT_SELECT, ['slot_id']) }),
              ),
            (w) => toSlotConfiguration(site.vendorId, w),
          ),
        ).catch((e: unknown) => fromFault(e)),
      locales: (_scope, site, window, fields, includeAll) =>
        pageByOffset(
          window,
          pageOf(
            (start, count) =>
              limiter(() =>
                client.listLocales(site.vendorId, { start, count, includeAll, select: listSelect(fields, LOCALE_SELECT, ['id'], 'hits') }),
              ),
            (w) => toLocale(site.vendorId, w),
          ),
        ).catch((e: unknown) => fromFault(e)),
      recommenders: (scope, site) =>
        scope.once(`sfcc:recommenders:${site.vendorId}`, async () => {
          const res = await limiter(() => client.recommenderNames(site.vendorId)).catch((e: unknown) => fromFault(e));
          return (res.recommenders ?? []).map((r) => toRecommender(site.vendorId, r));
        }),
      preferences: async (_scope, site, groupId, instanceType) =>
        toPreferences(
          site.vendorId,
          groupId,
          instanceType,
          await limiter(() => client.getPreferences(site.vendorId, groupId, instanceTypeWire(instanceType))).catch((e: unknown) =>
            fromFault(e),
          ),
        ),
      updatePreferences: async (_scope, siteId, groupId, instanceType, values) => {
        // The Data API refuses writes to `current`: the caller must name the instance it means.
        if (instanceType === 'CURRENT')
          throw new ValidationError(
            [{ field: 'instanceType', message: 'preferences can only be written to a named instance type, not CURRENT' }],
            { vendor: 'SFCC' },
          );
        const body = customProperties(values, 'values');
        const wire = await client
          .patchPreferences(siteId, groupId, instanceTypeWire(instanceType), body)
          .catch((e: unknown) => fromFault(e, { write: true, attributesField: 'values' }));
        return applied(toPreferences(siteId, groupId, instanceType, wire));
      },
      replaceCartridges: async (_scope, siteId, names) => {
        const bad = names.flatMap((n, i) =>
          CARTRIDGE_NAME.test(n) ? [] : [{ field: `names.${i}`, message: 'must start with a letter and hold only letters, digits and _' }],
        );
        if (bad.length > 0) throw new ValidationError(bad, { vendor: 'SFCC' });
        const res = await client
          .replaceCartridges(siteId, cartridgePathBody(names))
          .catch((e: unknown) => fromFault(e, { write: true, fields: { InvalidCartridgePathException: 'names' } }));
        return siteWithCartridges(siteId, res.path);
      },
      addCartridge: async (_scope, siteId, addition) => {
        const res = await client
          .addCartridge(siteId, cartridgeAddBody(addition))
          .catch((e: unknown) => fromFault(e, { write: true, fields: { InvalidOperationException: 'target' } }));
        return siteWithCartridges(siteId, res.path);
      },
      removeCartridge: async (_scope, siteId, name) => {
        const res = await client.removeCartridge(siteId, name).catch((e: unknown) => fromFault(e, { write: true }));
        return siteWithCartridges(siteId, res.path);
      },
    },
    customItems: {
      load: (_scope, locators, fields) =>
        fanOut(locators, limiter, async (locator) => {
          const ref = parseCustomItemLocator(locator);
          if (!ref) throw new NotFoundError(`CustomItem ${locator} not found at SFCC`, { vendor: 'SFCC', id: locator });
          const select = documentSelect(fields, CUSTOM_OBJECT_SELECT, ['object_type']);
          const wire = await client
            .getCustomObject(ref.owner, ref.objectType, ref.key, select)
            .catch((e: unknown) => fromFault(e, { item: ref }));
          return toCustomItem(ref.owner, ref.objectType, ref.key, wire);
        }),
      upsert: (_scope, input) => upsert(input),
      patch: async (_scope, ref, changes) => {
        if (changes.name !== undefined)
          throw new ValidationError([{ field: 'name', message: 'SFCC custom objects have no name' }], { vendor: 'SFCC' });
        const body = customObjectBody(customProperties(changes.attributes, 'attributes'), changes.expectedVersion);
        const wire = await write(ref, changes.expectedVersion, () => client.patchCustomObject(ref.owner, ref.objectType, ref.key, body));
        return applied(toCustomItem(ref.owner, ref.objectType, ref.key, wire));
      },
      // DELETE is idempotent at SFCC: deleting a missing object succeeds.
      delete: async (_scope, ref, expectedVersion) => {
        await write(ref, expectedVersion, () => client.deleteCustomObject(ref.owner, ref.objectType, ref.key, expectedVersion));
        return DELETED;
      },
      // No batch write in the Sites resource: bounded parallel PUTs, one outcome each.
      upsertMany: (_scope, inputs) => fanOut(inputs, limiter, upsert),
    },
    probe: async () => {
      await client.listSites({ start: 0, count: 1, select: '(total)' });
    },
    close: () => client.close(),
  };
}
