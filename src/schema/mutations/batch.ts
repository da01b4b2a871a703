// Batch writes: many customers or activities in one mutation. Vendors with batch endpoints get
// them through `createMany` (split to the vendor's limits there); others get one create per item.
// Each item is reported on its own (`results[i]` matches `input[i]`): a bad item fails alone and
// is never sent, the rest go through, and a vendor call that fails fails only the items it
// carried. Once writing has begun the answer is always this per-item list, never a whole-batch
// error: it is a successful response, so asMutationResult does not flag it retryable and the
// Idempotency-Key store keeps it (a retry with the same key gets the list back and writes nothing).
// Resend only the failed items: repeating the whole batch would write the others twice.
import { brandWithType, type ObjectRef } from '@pothos/core';
import { builder, type GatewaySchemaTypes } from '../../builder.js';
import type { ActivityRecord, CustomerRecord, WriteOutcome, WriteStatus } from '../../domain/model.js';
import type { Vendor } from '../../domain/vendor.js';
import { GatewayError, UnsupportedOperationError, UpstreamError, ValidationError } from '../../errors.js';
import { currentRequest } from '../../request-context.js';
import type { ActivityInput } from '../../sources/activities.js';
import { type BatchOutcome, failAll, writeBatch } from '../../sources/batch.js';
import type { CustomerInput } from '../../sources/customers.js';
import { ActivityRef } from '../activity.js';
import { CustomerRef } from '../customer.js';
import { asMutationResult, MutationErrorInterface, mutationErrors, mutationErrorType, toMutationError } from '../errors.js';
import { idOf, parseInput } from '../input.js';
import { WriteStatusEnum } from '../payloads.js';
import { VendorEnum } from '../vendor-enum.js';
import { RecordActivityInput, RecordActivitySchema } from './activity.js';
import { CreateCustomerSchema, customerInputFields, toInput } from './customer.js';

/** Enough for bulk imports in a few chunks, small enough to keep one request's memory bounded. */
export const MAX_BATCH_ITEMS = 5000;
/** Creates in flight at once for vendors without a batch endpoint. */
export const ONE_BY_ONE_CONCURRENCY = 4;

interface BatchItemResult<T> {
  index: number;
  outcome: WriteOutcome<T> | null;
  error: Error | null;
}

interface BatchPayload<T> {
  results: BatchItemResult<T>[];
}

export function batchPayload<T extends object>(name: string, itemName: string, field: string, ref: ObjectRef<GatewaySchemaTypes, T>) {
  const itemRef = builder.objectRef<BatchItemResult<T>>(itemName).implement({
    description: 'What became of one input item; `error` is set exactly when the item failed.',
    fields: (t) => ({
      index: t.exposeInt('index', { description: 'Position of the item in the input list.' }),
      status: t.field({ type: WriteStatusEnum, nullable: true, resolve: (r) => r.outcome?.status ?? null }),
      // Pothos cannot relate a generic T to the ref's shape; the ref is typed with the same T.
      [field]: t.field({ type: ref, nullable: true, resolve: (r) => (r.outcome?.record ?? null) as never }),
      error: t.field({ type: MutationErrorInterface, nullable: true, resolve: (r) => (r.error ? (errorView(r.error) as Error) : null) }),
    }),
  });
  const count = (p: BatchPayload<T>, status: WriteStatus | 'FAILED') =>
    p.results.filter((r) => (status === 'FAILED' ? r.error !== null : r.outcome?.status === status)).length;
  return builder.objectRef<BatchPayload<T>>(name).implement({
    fields: (t) => ({
      results: t.field({ type: [itemRef], resolve: (p) => p.results }),
      appliedCount: t.int({ resolve: (p) => count(p, 'APPLIED') }),
      queuedCount: t.int({ resolve: (p) => count(p, 'QUEUED') }),
      failedCount: t.int({ resolve: (p) => count(p, 'FAILED') }),
    }),
  });
}

const CreateCustomersPayloadRef = batchPayload<CustomerRecord>(
  'CreateCustomersPayload',
  'CustomerBatchItemResult',
  'customer',
  CustomerRef,
);
const RecordActivitiesPayloadRef = batchPayload<ActivityRecord>(
  'RecordActivitiesPayload',
  'ActivityBatchItemResult',
  'activity',
  ActivityRef,
);

/**
 * A typed error as a plain object branded with its GraphQL type. graphql-js treats any Error a
 * resolver returns as a failure of that field, so the error itself cannot be the field's value.
 */
function errorView(error: Error): object {
  const view = { ...error, message: error.message };
  brandWithType(view, mutationErrorType(error) ?? UpstreamError);
  return view;
}

/** Any failure as one of the typed mutation errors, its fields named from the batch's root. */
function itemError(error: unknown, prefix: string): Error {
  let typed = toMutationError(error);
  if (typed instanceof GatewayError && typed.code === 'VENDOR_NOT_CONFIGURED') {
    const refused = new ValidationError([{ field: 'input', message: typed.message }]);
    countItemError(refused);
    typed = refused;
  }
  if (typed instanceof ValidationError) {
    return new ValidationError(
      typed.issues.map((i) => ({ field: i.field === 'input' ? prefix : `${prefix}.${i.field}`, message: i.message })),
      { vendor: typed.vendor },
    );
  }
  // Unexpected failures are masked like any unexpected error, but stay attached to their item.
  if (mutationErrorType(typed)) return typed as Error;
  const masked = new UpstreamError('UPSTREAM_UNAVAILABLE', 'The item could not be written', { retryable: false });
  countItemError(masked);
  return masked;
}

/** toMutationError counted the typed errors it made; these two are made here, so they are counted here. */
function countItemError(error: GatewayError): void {
  currentRequest()?.tally?.countMutationError(error.code);
}

export function checkSize(length: number, field: string): void {
  if (length === 0) throw new ValidationError([{ field, message: 'must not be empty' }]);
  if (length > MAX_BATCH_ITEMS) throw new ValidationError([{ field, message: `must not hold more than ${MAX_BATCH_ITEMS} items` }]);
}

export function toResults<T>(outcomes: (WriteOutcome<T> | Error | undefined)[], prefix: string): BatchItemResult<T>[] {
  return outcomes.map((o, index) =>
    o === undefined || o instanceof Error
      ? { index, outcome: null, error: itemError(o ?? new Error('not written'), `${prefix}.${index}`) }
      : { index, outcome: o, error: null },
  );
}

const NewCustomerInput = builder.inputType('NewCustomerInput', {
  description: 'One customer of a batch create; email or customId identifies them.',
  fields: (t) => customerInputFields(t),
});

const CreateCustomersInput = builder.inputType('CreateCustomersInput', {
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, required: true }),
    customers: t.field({ type: [NewCustomerInput], required: true, description: `At most ${MAX_BATCH_ITEMS}.` }),
  }),
});

const RecordActivitiesInput = builder.inputType('RecordActivitiesInput', {
  fields: (t) => ({
    activities: t.field({
      type: [RecordActivityInput],
      required: true,
      description: `At most ${MAX_BATCH_ITEMS}; customers may be at different vendors.`,
    }),
  }),
});

builder.mutationFields((t) => ({
  createCustomers: t.field({
    type: CreateCustomersPayloadRef,
    description:
      'Creates many customers at one vendor, through its batch endpoint where it has one. Each item succeeds or fails on its own.',
    errors: mutationErrors('createCustomers'),
    args: { input: t.arg({ type: CreateCustomersInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        checkSize(input.customers.length, 'customers');
        const createMany = ctx.sources.optional(input.vendor, 'customers.createMany');
        const create = ctx.sources.optional(input.vendor, 'customers.create');
        if (!createMany && !create) throw new UnsupportedOperationError(input.vendor, 'customers.create');
        const outcomes: (WriteOutcome<CustomerRecord> | Error | undefined)[] = [];
        const valid: { index: number; input: CustomerInput }[] = [];
        input.customers.forEach((raw, index) => {
          try {
            valid.push({ index, input: toInput(parseInput(CreateCustomerSchema, raw)) });
          } catch (error) {
            outcomes[index] = error as Error;
          }
        });
        const written = await writeBatch(
          valid.map((v) => v.input),
          { many: createMany && ((inputs) => createMany(ctx.scope, inputs)), one: create && ((one) => create(ctx.scope, one)) },
          () => new UnsupportedOperationError(input.vendor, 'customers.create'),
          ONE_BY_ONE_CONCURRENCY,
        );
        valid.forEach((v, i) => {
          outcomes[v.index] = written[i];
        });
        while (outcomes.length < input.customers.length) outcomes.push(undefined);
        return { results: toResults(outcomes, 'customers') };
      }),
  }),
  recordActivities: t.field({
    type: RecordActivitiesPayloadRef,
    description:
      "Records many events, each for its customer's vendor, through batch endpoints where vendors have them. Each item succeeds or fails on its own.",
    errors: mutationErrors('recordActivities'),
    args: { input: t.arg({ type: RecordActivitiesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        checkSize(input.activities.length, 'activities');
        const outcomes: (WriteOutcome<ActivityRecord> | Error | undefined)[] = Array.from(
          { length: input.activities.length },
          () => undefined,
        );
        const byVendor = new Map<Vendor, { index: number; input: ActivityInput }[]>();
        input.activities.forEach((raw, index) => {
          try {
            const { customerId, ...fields } = raw;
            const customer = idOf('Customer', customerId, 'customerId');
            const parsed = parseInput(RecordActivitySchema, fields);
            const list = byVendor.get(customer.vendor) ?? [];
            list.push({ index, input: { ...parsed, customerVendorId: customer.nativeId } });
            byVendor.set(customer.vendor, list);
          } catch (error) {
            outcomes[index] = error as Error;
          }
        });
        await Promise.all(
          [...byVendor].map(async ([vendor, items]) => {
            let written: BatchOutcome<ActivityRecord>;
            try {
              const createMany = ctx.sources.optional(vendor, 'activities.createMany');
              const create = ctx.sources.optional(vendor, 'activities.create');
              written = await writeBatch(
                items.map((i) => i.input),
                { many: createMany && ((inputs) => createMany(ctx.scope, inputs)), one: create && ((one) => create(ctx.scope, one)) },
                () => new UnsupportedOperationError(vendor, 'activities.create'),
                ONE_BY_ONE_CONCURRENCY,
              );
            } catch (error) {
              // Only the port lookup throws (writeBatch reports per item): nothing was sent.
              written = failAll(items, error);
            }
            items.forEach((item, i) => {
              outcomes[item.index] = written[i];
            });
          }),
        );
        return { results: toResults(outcomes, 'activities') };
      }),
  }),
}));
