// Mautic (with the Custom Objects plugin) behind the gateway's ports. Batching notes (DESIGN §5):
// contacts are read many at a time through `search=ids:…` and `where[][expr]=in`; custom items come
// embedded through `includeCustomObjects`, so one contact read serves every item field of a page;
// item writes ride on the plugin's documented create-or-update calls (`contacts/new`, many in one
// `contacts/batch/new`), addressed by the contact's unique identifiers and checked in the answer.

import { normaliseEmail } from '../../domain/email.js';
import type { CustomerRecord, CustomItemRecord, EmbeddedCustomItems, WriteOutcome } from '../../domain/model.js';
import { NotFoundError, UnsupportedOperationError, UpstreamError, ValidationError } from '../../errors.js';
import { pageByOffset } from '../../pagination/connection.js';
import type { VendorAdapter } from '../../sources/adapter.js';
import { type BatchOutcome, chunk, writeInChunks } from '../../sources/batch.js';
import { type CustomItemWrite, parseCustomItemLocator } from '../../sources/custom-items.js';
import type { CustomerInclude, CustomerInput } from '../../sources/customers.js';
import { notFoundAs } from '../../sources/fan-out.js';
import { applied, DELETED } from '../../sources/outcomes.js';
import type { RequestScope } from '../../sources/scope.js';
import type { AdapterDeps } from '../descriptor.js';
import { type ContactQuery, MauticClient, type WhereClause } from './client.js';
import type { MauticConfig } from './config.js';
import { customerBody, customObjectsBody, issuesFromMautic, phpListOf, toCustomer } from './map.js';
import { anonymousOwner, findWritten, identifiersOf, notStored, verifiedItem } from './verify.js';
import { type BatchError, type BatchResponse, mauticErrors, WireContact } from './wire.js';

/** Ids per `search=ids:` read: keeps the URL short whatever the page size. */
const IDS_PER_READ = 100;
/** Emails or customer ids per `where … in` read. */
const KEYS_PER_READ = 50;
/** Mautic's `api_batch_max_limit` default. */
const BATCH_MAX = 200;
const NUMERIC = /^\d+$/;
const NO_ITEMS: EmbeddedCustomItems = { items: [], truncatedTypes: [] };

const missingCustomer = (id: string) => new NotFoundError(`Customer ${id} not found at MAUTIC`, { vendor: 'MAUTIC', id });

/** A Mautic 400 (nothing was saved) as a ValidationError naming the offending input fields. */
function rejectedAsValidation(error: unknown): never {
  if (error instanceof UpstreamError && error.httpStatus === 400) {
    const issues = issuesFromMautic(mauticErrors(error.body));
    throw new ValidationError(issues.length > 0 ? issues : [{ field: 'input', message: error.vendorMessage ?? 'rejected by MAUTIC' }], {
      vendor: 'MAUTIC',
    });
  }
  throw error;
}

/** Modification times as MySQL compares them (Mautic stores UTC). */
function mysqlDateTime(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
}

function batchFailure(error: BatchError | undefined, status: number, ownerId: string): Error {
  if (status === 404) return missingCustomer(ownerId);
  const details = Array.isArray(error?.details) ? mauticErrors({ errors: error.details }) : [];
  const entries = details.length > 0 ? details : [{ message: error?.message ?? `rejected with status ${status}` }];
  if (status === 400) return new ValidationError(issuesFromMautic(entries), { vendor: 'MAUTIC' });
  const code = status >= 500 ? 'UPSTREAM_UNAVAILABLE' : status === 409 ? 'UPSTREAM_CONFLICT' : 'UPSTREAM_REJECTED';
  return new UpstreamError(code, `MAUTIC batch element answered ${status}: ${entries.map((e) => e.message).join('; ')}`, {
    vendor: 'MAUTIC',
    httpStatus: status,
    retryable: status >= 500,
  });
}

/**
 * One outcome per element of a batch call, looked up by request position. An element without a
 * status is not known to have failed (Mautic may have saved it), so it is not offered for a retry;
 * a 2xx element whose contact cannot be read was still written, and is reported applied.
 */
function elementOutcomes<I, T>(
  res: BatchResponse,
  sent: readonly I[],
  record: (contact: WireContact, item: I) => T | Error | null,
  ownerOf: (item: I) => string,
): BatchOutcome<T> {
  return sent.map((item, i) => {
    const status = res.statusCodes.get(i);
    if (status === undefined) {
      return new UpstreamError('UPSTREAM_BAD_RESPONSE', 'MAUTIC batch answer has no status for this element; it may have been saved', {
        vendor: 'MAUTIC',
        retryable: false,
      });
    }
    if (status >= 300) return batchFailure(res.errors?.get(i), status, ownerOf(item));
    const wire = WireContact.safeParse(res.contacts.get(i));
    const written = wire.success ? record(wire.data, item) : null;
    return written instanceof Error ? written : applied(written);
  });
}

export function createMauticAdapter(config: MauticConfig, deps: AdapterDeps = {}): VendorAdapter {
  const client = new MauticClient(config, deps.state);

  /** Every contact matching `q`: one call, more only when the first page did not hold them all. */
  async function searchAll(q: Omit<ContactQuery, 'start' | 'limit'>, expected: number): Promise<CustomerRecord[]> {
    const limit = Math.max(expected, 1);
    const found: CustomerRecord[] = [];
    for (let start = 0; ; start += limit) {
      const page = await client.listContacts({ ...q, start, limit });
      const contacts = phpListOf(page.contacts);
      found.push(...contacts.map((c) => toCustomer(c, q.includeCustomObjects)));
      if (contacts.length < limit || found.length >= page.total) return found;
    }
  }

  /** Contacts by id, up to IDS_PER_READ per call; what they show is remembered for the request. */
  const readContacts = async (scope: RequestScope, ids: readonly string[], withItems: boolean) => {
    const numeric = ids.filter((id) => NUMERIC.test(id));
    const parts = await Promise.all(
      chunk(numeric, IDS_PER_READ).map((part) =>
        searchAll({ search: `ids:${part.join(',')}`, includeCustomObjects: withItems }, part.length),
      ),
    );
    const found = parts.flat();
    remember(scope, found, withItems);
    if (withItems) remember(scope, found, false);
    const byId = new Map(found.map((c) => [c.vendorId, c]));
    return ids.map((id) => byId.get(id) ?? missingCustomer(id));
  };

  /** The request's customer loader; Mautic reads a contact the same with or without activities. */
  const contacts = (scope: RequestScope, withItems: boolean) => scope.customers('MAUTIC', { activities: false, customItems: withItems });
  const variants = (scope: RequestScope, withItems: boolean) =>
    [false, true].map((activities) => scope.customers('MAUTIC', { activities, customItems: withItems }));

  /** A contact read with its items serves plain reads of it too (an item's `customer`, say). */
  const remember = (scope: RequestScope, found: readonly CustomerRecord[], withItems: boolean) => {
    for (const loader of variants(scope, withItems)) for (const contact of found) loader.prime(contact.vendorId, contact);
  };

  const findBy =
    (col: 'email' | 'customer_id', keyOf: (c: CustomerRecord) => string | null) =>
    async (_scope: RequestScope, keys: readonly string[]) => {
      const groups = new Map<string, CustomerRecord[]>();
      for (const part of chunk(keys, KEYS_PER_READ)) {
        const where: WhereClause[] = [{ col, expr: 'in', val: part }];
        for (const customer of await searchAll({ where, includeCustomObjects: false }, part.length)) {
          const key = keyOf(customer);
          if (key === null) continue;
          groups.set(key, [...(groups.get(key) ?? []), customer]);
        }
      }
      return keys.map((k) => groups.get(k) ?? []);
    };

  const itemsOf = async (scope: RequestScope, customer: CustomerRecord): Promise<EmbeddedCustomItems> =>
    customer.customItems ?? (await contacts(scope, true).load(customer.vendorId)).customItems ?? NO_ITEMS;

  /** What Mautic would misread: a non-numeric item id would turn an update into an insert. */
  const unsendable = (input: CustomItemWrite): Error | undefined => {
    if (input.expectedVersion !== undefined)
      return new UnsupportedOperationError('MAUTIC', 'customItems.upsert', 'expectedVersion: Mautic custom items carry no version');
    if (!NUMERIC.test(input.owner)) return missingCustomer(input.owner);
    if (input.key !== undefined && !NUMERIC.test(input.key))
      return new ValidationError([{ field: 'key', message: 'is a Mautic item id (a number)' }], { vendor: 'MAUTIC' });
    return undefined;
  };

  /** Forgets what a write changed, so later reads in the request see it. */
  const forget = (scope: RequestScope, id: string) => {
    for (const loader of [...variants(scope, true), ...variants(scope, false)]) loader.clear(id);
  };

  /** Item ids of one object type the contact showed before a write: an insert is an id not among them. */
  const keysOf = (customer: CustomerRecord, objectType: string): Set<string> =>
    new Set((customer.customItems?.items ?? []).filter((i) => i.objectType === objectType).map((i) => i.key));

  /**
   * One item through `contacts/new` (the plugin doc's create-or-update call), addressed by the
   * owner's unique identifiers and checked in the answer; a 400 means nothing was saved.
   */
  const writeItem = async (scope: RequestScope, input: CustomItemWrite): Promise<WriteOutcome<CustomItemRecord>> => {
    const refused = unsendable(input);
    if (refused) throw refused;
    const owner = await contacts(scope, true).load(input.owner);
    const identifiers = identifiersOf(owner);
    if (!identifiers) throw anonymousOwner(input.owner);
    const before = keysOf(owner, input.objectType);
    forget(scope, input.owner);
    const res = await client.upsertContact({ ...identifiers, customObjects: customObjectsBody([input]) }, true).catch(rejectedAsValidation);
    const verified = verifiedItem(toCustomer(res.contact, true), { id: input.owner, identifiers }, input, before, new Set());
    if (verified instanceof Error) throw verified;
    return applied(verified);
  };

  return {
    resilience: client.resilience,
    vendor: 'MAUTIC',
    customers: {
      list: (scope, filter, window, include: CustomerInclude) => {
        if (filter.segmentIds?.length || filter.segmentation)
          throw new UnsupportedOperationError('MAUTIC', 'customers.list', 'filtering customers by segment');
        const where: WhereClause[] = filter.modifiedSince
          ? // The `leads` column: core lists contacts with a DBAL query on `leads l` (see sandbox fields.ts).
            [{ col: 'date_modified', expr: 'gte', val: mysqlDateTime(filter.modifiedSince) }]
          : [];
        return pageByOffset(window, async (start, count) => {
          const page = await client.listContacts({ where, start, limit: count, includeCustomObjects: include.customItems });
          const items = phpListOf(page.contacts).map((c) => toCustomer(c, include.customItems));
          remember(scope, items, false);
          if (include.customItems) remember(scope, items, true);
          return { items, total: page.total };
        });
      },
      load: (scope, ids, include) => readContacts(scope, ids, include.customItems),
      findByEmails: findBy('email', (c) => (c.email ? normaliseEmail(c.email) : null)),
      findByCustomIds: findBy('customer_id', (c) => c.customId),
      // `contacts/new` updates the contact matching a unique identifier (email, customer_id) instead
      // of creating a duplicate: for Mautic "create" is an upsert.
      create: async (_scope, input) =>
        applied(toCustomer((await client.upsertContact(customerBody(input), false).catch(rejectedAsValidation)).contact)),
      // The plugin doc's main use: the contact and its items in one call, all-or-nothing on a 400.
      createWithItems: async (_scope, input, items) => {
        const body = { ...customerBody(input), customObjects: customObjectsBody(items) };
        const customer = toCustomer((await client.upsertContact(body, true).catch(rejectedAsValidation)).contact, true);
        const claimed = new Set<string>();
        const missing = items.filter((draft) => !findWritten(customer.customItems?.items ?? [], draft, undefined, claimed));
        if (missing.length > 0) {
          throw notStored(
            `${missing.length} of the ${items.length} custom items of contact ${customer.vendorId}`,
            `the contact was saved but came back without ${missing.map((m) => m.objectType).join(', ')} item(s) as written (the Custom Objects plugin ignored customObjects)`,
          );
        }
        return applied(customer);
      },
      // One call per 200; a call that fails fails only its own 200 (see writeInChunks).
      createMany: (_scope, inputs: readonly CustomerInput[]) =>
        writeInChunks(chunk(inputs, BATCH_MAX), async (part): Promise<BatchOutcome<CustomerRecord>> => {
          const res = await client.batchUpsert(part.map(customerBody), false);
          return elementOutcomes(
            res,
            part,
            (c) => toCustomer(c),
            () => '(new)',
          );
        }),
      update: async (scope, id, input) => {
        if (!NUMERIC.test(id)) throw missingCustomer(id);
        forget(scope, id);
        const res = await client
          .editContact(id, customerBody(input), false)
          .catch(notFoundAs('MAUTIC', 'Customer', id))
          .catch(rejectedAsValidation);
        return applied(toCustomer(res.contact));
      },
      delete: async (_scope, id) => {
        if (!NUMERIC.test(id)) throw missingCustomer(id);
        await client.deleteContact(id).catch(notFoundAs('MAUTIC', 'Customer', id));
        return DELETED;
      },
    },
    customItems: {
      // Items are reachable only through their contact, and only the newest window (`meta.page.size`) per object.
      load: (scope, locators) =>
        Promise.all(
          locators.map(async (locator): Promise<CustomItemRecord | Error> => {
            const ref = parseCustomItemLocator(locator);
            const missing = new NotFoundError(
              `CustomItem ${locator} not found at MAUTIC (or older than the newest items Mautic returns for its contact)`,
              {
                vendor: 'MAUTIC',
                id: locator,
              },
            );
            if (!ref || !NUMERIC.test(ref.owner)) return missing;
            try {
              const { items } = (await contacts(scope, true).load(ref.owner)).customItems ?? NO_ITEMS;
              return items.find((i) => i.objectType === ref.objectType && i.key === ref.key) ?? missing;
            } catch (error) {
              return error instanceof NotFoundError ? missing : (error as Error);
            }
          }),
        ),
      forCustomer: itemsOf,
      upsert: (scope, input) => writeItem(scope, input),
      patch: async (scope, ref, changes) => {
        if (!NUMERIC.test(ref.key)) throw new NotFoundError(`CustomItem ${ref.key} not found at MAUTIC`, { vendor: 'MAUTIC', id: ref.key });
        const write = {
          owner: ref.owner,
          objectType: ref.objectType,
          key: ref.key,
          name: changes.name,
          attributes: changes.attributes,
          expectedVersion: changes.expectedVersion,
        };
        return writeItem(scope, write).catch((error: unknown) => {
          // The plugin reports an unknown item id as a 400 on `key`; for a patch that is a missing item.
          if (error instanceof ValidationError && error.issues.some((i) => i.field === 'key')) {
            throw new NotFoundError(`CustomItem ${ref.key} not found at MAUTIC`, { vendor: 'MAUTIC', id: ref.key });
          }
          throw error;
        });
      },
      // One `batch/new` element per item, so each item is all-or-nothing on its own and gets its own
      // status; elements for the same contact repeat its identifiers. Owners are read first (many
      // per call) for their identifiers and the items they already show.
      upsertMany: async (scope, inputs) => {
        const outcomes: BatchOutcome<CustomItemRecord> = new Array(inputs.length);
        const owners = new Map<string, CustomerRecord | Error>();
        const candidates = inputs.flatMap((input, index) => {
          const refused = unsendable(input);
          if (refused) outcomes[index] = refused;
          return refused ? [] : [{ index, input }];
        });
        const ownerIds = [...new Set(candidates.map((c) => c.input.owner))];
        const loaded = await contacts(scope, true).loadMany(ownerIds);
        ownerIds.forEach((id, i) => {
          owners.set(id, loaded[i] ?? missingCustomer(id));
          forget(scope, id);
        });
        const sendable: { index: number; input: CustomItemWrite; identifiers: Record<string, string>; before: Set<string> }[] = [];
        for (const { index, input } of candidates) {
          const owner = owners.get(input.owner);
          if (!owner || owner instanceof Error) outcomes[index] = owner ?? missingCustomer(input.owner);
          else {
            const identifiers = identifiersOf(owner);
            if (identifiers) sendable.push({ index, input, identifiers, before: keysOf(owner, input.objectType) });
            else outcomes[index] = anonymousOwner(input.owner);
          }
        }
        const written = await writeInChunks(chunk(sendable, BATCH_MAX), async (part): Promise<BatchOutcome<CustomItemRecord>> => {
          const res = await client.batchUpsert(
            part.map(({ input, identifiers }) => ({ ...identifiers, customObjects: customObjectsBody([input]) })),
            true,
          );
          // Mautic serialises the batch answer after saving every element, so two inserts on one
          // contact both show in each of its elements: each write claims its own item.
          const claimed = new Set<string>();
          return elementOutcomes(
            res,
            part,
            (contact, { input, before, identifiers }): CustomItemRecord | Error =>
              verifiedItem(toCustomer(contact, true), { id: input.owner, identifiers }, input, before, claimed),
            ({ input }) => input.owner,
          );
        });
        sendable.forEach(({ index }, i) => {
          if (written[i]) outcomes[index] = written[i];
        });
        return outcomes;
      },
    },
    probe: async () => {
      await client.listContacts({ start: 0, limit: 1, includeCustomObjects: false });
    },
    close: () => client.close(),
  };
}
