import { z } from 'zod';
import { builder } from '../../builder.js';
import type { GatewayContext } from '../../context.js';
import type { Vendor } from '../../domain/vendor.js';
import { ValidationError } from '../../errors.js';
import { CustomerRef } from '../customer.js';
import { asMutationResult, mutationErrors } from '../errors.js';
import { attributesSchema, idOf, optionalText, parseInput } from '../input.js';
import { DeletePayloadRef, outcomePayload } from '../payloads.js';
import { SegmentGroupRef, SegmentRef, segmentGroupLoader } from '../segment.js';
import { VendorEnum } from '../vendor-enum.js';
import { DeleteInput } from './customer.js';

const SegmentPayloadRef = outcomePayload('SegmentPayload', 'segment', SegmentRef);
const SegmentGroupPayloadRef = outcomePayload('SegmentGroupPayload', 'segmentGroup', SegmentGroupRef);
const CustomerSegmentsPayloadRef = outcomePayload('CustomerSegmentsPayload', 'customer', CustomerRef);

const SegmentFields = z.object({
  name: optionalText,
  reference: optionalText,
  calculated: z.boolean().nullish(),
  attributes: attributesSchema,
});
const CreateSegmentFields = SegmentFields.extend({ name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty') });
const GroupFields = z.object({ name: optionalText, calculated: z.boolean().nullish(), attributes: attributesSchema });
const CreateGroupFields = GroupFields.extend({ name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty') });

/** The group must be an existing group of the same vendor: checked here so the error names `groupId`. */
async function existingGroup(ctx: GatewayContext, vendor: Vendor, groupId: unknown): Promise<string> {
  const group = idOf('SegmentGroup', groupId, 'groupId');
  if (group.vendor !== vendor)
    throw new ValidationError([{ field: 'groupId', message: `is a ${group.vendor} group, not a ${vendor} one` }]);
  try {
    await segmentGroupLoader(ctx, vendor).load(group.nativeId);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND')
      throw new ValidationError([{ field: 'groupId', message: 'no such segment group' }]);
    throw error;
  }
  return group.nativeId;
}

const CreateSegmentInput = builder.inputType('CreateSegmentInput', {
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, required: true }),
    name: t.string({ description: 'Required.' }),
    groupId: t.id({ description: 'Required: the SegmentGroup the segment belongs to.' }),
    reference: t.string({ description: 'Unique within the group.' }),
    calculated: t.boolean({ description: "Defaults to the group's setting." }),
    attributes: t.field({ type: 'JSON' }),
  }),
});

const UpdateSegmentInput = builder.inputType('UpdateSegmentInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    groupId: t.id(),
    reference: t.string(),
    calculated: t.boolean(),
    attributes: t.field({ type: 'JSON' }),
  }),
});

const CreateSegmentGroupInput = builder.inputType('CreateSegmentGroupInput', {
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, required: true }),
    name: t.string({ description: 'Required.' }),
    calculated: t.boolean(),
    attributes: t.field({ type: 'JSON' }),
  }),
});

const UpdateSegmentGroupInput = builder.inputType('UpdateSegmentGroupInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    calculated: t.boolean(),
    attributes: t.field({ type: 'JSON' }),
  }),
});

const UpdateCustomerSegmentsInput = builder.inputType('UpdateCustomerSegmentsInput', {
  fields: (t) => ({
    customerId: t.id({ required: true }),
    add: t.idList({ description: 'Segments to add the customer to.' }),
    remove: t.idList({ description: 'Segments to take the customer out of.' }),
  }),
});

builder.mutationFields((t) => ({
  createSegment: t.field({
    type: SegmentPayloadRef,
    errors: mutationErrors('createSegment'),
    args: { input: t.arg({ type: CreateSegmentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, groupId, ...fields } = input;
        const create = ctx.sources.op(vendor, 'segments.create');
        const parsed = parseInput(CreateSegmentFields, fields);
        return create(ctx.scope, { ...parsed, groupVendorId: await existingGroup(ctx, vendor, groupId) });
      }),
  }),
  updateSegment: t.field({
    type: SegmentPayloadRef,
    errors: mutationErrors('updateSegment'),
    args: { input: t.arg({ type: UpdateSegmentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { id, groupId, ...fields } = input;
        const { vendor, nativeId } = idOf('Segment', id, 'id');
        const update = ctx.sources.op(vendor, 'segments.update');
        const parsed = parseInput(SegmentFields, fields);
        const groupVendorId = groupId === null || groupId === undefined ? undefined : await existingGroup(ctx, vendor, groupId);
        return update(ctx.scope, nativeId, { ...parsed, groupVendorId });
      }),
  }),
  deleteSegment: t.field({
    type: DeletePayloadRef,
    errors: mutationErrors('deleteSegment'),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, nativeId } = idOf('Segment', input.id, 'id');
        const remove = ctx.sources.op(vendor, 'segments.delete');
        return { deletedId: String(input.id), status: (await remove(ctx.scope, nativeId)).status };
      }),
  }),
  createSegmentGroup: t.field({
    type: SegmentGroupPayloadRef,
    errors: mutationErrors('createSegmentGroup'),
    args: { input: t.arg({ type: CreateSegmentGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, ...fields } = input;
        const create = ctx.sources.op(vendor, 'segments.createGroup');
        return create(ctx.scope, parseInput(CreateGroupFields, fields));
      }),
  }),
  updateSegmentGroup: t.field({
    type: SegmentGroupPayloadRef,
    errors: mutationErrors('updateSegmentGroup'),
    args: { input: t.arg({ type: UpdateSegmentGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { id, ...fields } = input;
        const { vendor, nativeId } = idOf('SegmentGroup', id, 'id');
        const update = ctx.sources.op(vendor, 'segments.updateGroup');
        return update(ctx.scope, nativeId, parseInput(GroupFields, fields));
      }),
  }),
  deleteSegmentGroup: t.field({
    type: DeletePayloadRef,
    errors: mutationErrors('deleteSegmentGroup'),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, nativeId } = idOf('SegmentGroup', input.id, 'id');
        const remove = ctx.sources.op(vendor, 'segments.deleteGroup');
        return { deletedId: String(input.id), status: (await remove(ctx.scope, nativeId)).status };
      }),
  }),
  updateCustomerSegments: t.field({
    type: CustomerSegmentsPayloadRef,
    description:
      'Adds and removes segment memberships. Unknown segments are reported (the vendor would silently ignore them) and nothing is changed.',
    errors: mutationErrors('updateCustomerSegments'),
    args: { input: t.arg({ type: UpdateCustomerSegmentsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const customer = idOf('Customer', input.customerId, 'customerId');
        const change = ctx.sources.op(customer.vendor, 'segments.changeMembership');
        const known = new Set((await ctx.sources.op(customer.vendor, 'segments.all')(ctx.scope)).map((s) => s.vendorId));
        const issues: { field: string; message: string }[] = [];
        const resolveIds = (list: readonly (string | number)[] | null | undefined, field: 'add' | 'remove') =>
          (list ?? []).flatMap((raw, i) => {
            try {
              const parsed = idOf('Segment', raw, `${field}.${i}`);
              if (parsed.vendor !== customer.vendor)
                issues.push({ field: `${field}.${i}`, message: `is a ${parsed.vendor} segment, the customer is at ${customer.vendor}` });
              else if (!known.has(parsed.nativeId))
                issues.push({ field: `${field}.${i}`, message: `segment ${parsed.nativeId} does not exist` });
              else return [parsed.nativeId];
            } catch (error) {
              if (error instanceof ValidationError) issues.push(...error.issues);
              else throw error;
            }
            return [];
          });
        const add = resolveIds(input.add, 'add');
        const remove = resolveIds(input.remove, 'remove');
        if (issues.length > 0) throw new ValidationError(issues);
        return change(ctx.scope, { customerVendorId: customer.nativeId, add, remove });
      }),
  }),
}));
