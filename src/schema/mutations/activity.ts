import { z } from 'zod';
import { builder } from '../../builder.js';
import { ActivityRef } from '../activity.js';
import { asMutationResult, mutationErrors } from '../errors.js';
import { attributesSchema, idOf, parseInput } from '../input.js';
import { DeletePayloadRef, outcomePayload } from '../payloads.js';
import { DeleteInput } from './customer.js';

const ActivityPayloadRef = outcomePayload('ActivityPayload', 'activity', ActivityRef);

const ActivitySchema = z.object({
  type: z.string().trim().min(1, 'must not be empty').nullish(),
  occurredAt: z.date().nullish(),
  attributes: attributesSchema,
});
const CreateActivitySchema = ActivitySchema.extend({ type: z.string({ error: 'is required' }).trim().min(1, 'must not be empty') });

const CreateActivityInput = builder.inputType('CreateActivityInput', {
  fields: (t) => ({
    customerId: t.id({ description: 'The customer the activity belongs to (required; its vendor receives the activity).' }),
    type: t.string({ description: 'Required.' }),
    occurredAt: t.field({ type: 'DateTime' }),
    attributes: t.field({ type: 'JSON' }),
  }),
});

const UpdateActivityInput = builder.inputType('UpdateActivityInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    type: t.string(),
    occurredAt: t.field({ type: 'DateTime' }),
    attributes: t.field({ type: 'JSON' }),
  }),
});

builder.mutationFields((t) => ({
  createActivity: t.field({
    type: ActivityPayloadRef,
    errors: mutationErrors('createActivity'),
    args: { input: t.arg({ type: CreateActivityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { customerId, ...fields } = input;
        const customer = idOf('Customer', customerId, 'customerId');
        const parsed = parseInput(CreateActivitySchema, fields);
        const create = ctx.sources.op(customer.vendor, 'activities.create');
        return create(ctx.scope, { ...parsed, customerVendorId: customer.nativeId });
      }),
  }),
  updateActivity: t.field({
    type: ActivityPayloadRef,
    errors: mutationErrors('updateActivity'),
    args: { input: t.arg({ type: UpdateActivityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { id, ...fields } = input;
        const { vendor, nativeId } = idOf('Activity', id, 'id');
        const parsed = parseInput(ActivitySchema, fields);
        const update = ctx.sources.op(vendor, 'activities.update');
        return update(ctx.scope, nativeId, parsed);
      }),
  }),
  deleteActivity: t.field({
    type: DeletePayloadRef,
    errors: mutationErrors('deleteActivity'),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, nativeId } = idOf('Activity', input.id, 'id');
        const remove = ctx.sources.op(vendor, 'activities.delete');
        return { deletedId: String(input.id), status: (await remove(ctx.scope, nativeId)).status };
      }),
  }),
}));

export const RecordActivitySchema = z.object({
  type: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  occurredAt: z.date().nullish(),
  attributes: attributesSchema,
});

export const RecordActivityInput = builder.inputType('RecordActivityInput', {
  description: 'An event to record for a customer. Vendors that ingest events asynchronously answer QUEUED with no activity.',
  fields: (t) => ({
    customerId: t.id({ required: true, description: "The customer the event belongs to; the customer's vendor records it." }),
    type: t.string({ required: true, description: "What happened, e.g. `newsletter.signup` (the vendor's action/type)." }),
    occurredAt: t.field({ type: 'DateTime', description: 'When it happened; defaults to when the vendor receives it.' }),
    attributes: t.field({ type: 'JSON', description: 'Event parameters, sent as they are.' }),
  }),
});

builder.mutationField('recordActivity', (t) =>
  t.field({
    type: ActivityPayloadRef,
    errors: mutationErrors('recordActivity'),
    args: { input: t.arg({ type: RecordActivityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { customerId, ...fields } = input;
        const customer = idOf('Customer', customerId, 'customerId');
        const parsed = parseInput(RecordActivitySchema, fields);
        const create = ctx.sources.op(customer.vendor, 'activities.create');
        return create(ctx.scope, { ...parsed, customerVendorId: customer.nativeId });
      }),
  }),
);
