import { z } from 'zod';
import { builder, type GatewaySchemaTypes } from '../../builder.js';
import type { CustomerInput } from '../../sources/customers.js';
import { CustomerRef } from '../customer.js';
import { asMutationResult, mutationErrors } from '../errors.js';
import { attributesSchema, idOf, optionalText, parseInput } from '../input.js';
import { DeletePayloadRef, outcomePayload } from '../payloads.js';
import { VendorEnum } from '../vendor-enum.js';

export const CustomerPayloadRef = outcomePayload('CustomerPayload', 'customer', CustomerRef);

const customerFields = {
  email: z.email('must be an email address').nullish(),
  firstName: optionalText,
  lastName: optionalText,
  phone: optionalText,
  customId: optionalText,
  attributes: attributesSchema,
};

export const CreateCustomerSchema = z
  .object(customerFields)
  .refine((c) => Boolean(c.email || c.customId), { path: ['email'], message: 'email or customId is required to identify the customer' });
const UpdateCustomerSchema = z.object(customerFields);

export function toInput(parsed: z.output<typeof UpdateCustomerSchema>): CustomerInput {
  return { ...parsed, email: parsed.email?.trim() };
}

/** The customer fields every customer write input shares. */
export function customerInputFields(t: PothosSchemaTypes.InputFieldBuilder<GatewaySchemaTypes, 'InputObject'>) {
  return {
    email: t.string(),
    firstName: t.string(),
    lastName: t.string(),
    phone: t.string(),
    customId: t.string(),
    attributes: t.field({ type: 'JSON', description: 'Vendor-specific fields, sent as they are.' }),
  };
}

const NewCustomItemInput = builder.inputType('NewCustomItemInput', {
  description: 'A custom item created together with its customer.',
  fields: (t) => ({
    objectType: t.string({ required: true, description: 'Mautic Custom Object alias.' }),
    name: t.string({ required: true, description: 'Mautic item name.' }),
    attributes: t.field({ type: 'JSON', required: true, description: 'Custom field values by Mautic field alias.' }),
  }),
});

const NewCustomItemsSchema = z
  .array(
    z.object({
      objectType: z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .regex(/^[^:]+$/, 'must not contain ":"'),
      name: z.string().trim().min(1, 'must not be empty'),
      attributes: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }),
    }),
  )
  .nullish();
// Module-level, not per call: zod compiles a schema on its first parse.
const CustomItemsField = z.object({ customItems: NewCustomItemsSchema });

const CreateCustomerInput = builder.inputType('CreateCustomerInput', {
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, required: true }),
    ...customerInputFields(t),
    customItems: t.field({
      type: [NewCustomItemInput],
      description:
        'Custom items to create with the customer, in the same vendor call (Mautic only; other vendors answer ' +
        'UnsupportedOperationError). All-or-nothing: an unknown object or field saves neither the customer nor any item.',
    }),
  }),
});

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description: 'Fields left out stay as they are.',
  fields: (t) => ({ id: t.id({ required: true }), ...customerInputFields(t) }),
});

export const DeleteInput = builder.inputType('DeleteInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: CustomerPayloadRef,
    errors: mutationErrors('createCustomer'),
    args: { input: t.arg({ type: CreateCustomerInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, customItems, ...fields } = input;
        const parsed = parseInput(CreateCustomerSchema, fields);
        const items = parseInput(CustomItemsField, { customItems }).customItems;
        if (items && items.length > 0) {
          const createWithItems = ctx.sources.op(vendor, 'customers.createWithItems');
          return createWithItems(ctx.scope, toInput(parsed), items);
        }
        const create = ctx.sources.op(vendor, 'customers.create');
        return create(ctx.scope, toInput(parsed));
      }),
  }),
  updateCustomer: t.field({
    type: CustomerPayloadRef,
    errors: mutationErrors('updateCustomer'),
    args: { input: t.arg({ type: UpdateCustomerInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { id, ...fields } = input;
        const { vendor, nativeId } = idOf('Customer', id, 'id');
        const parsed = parseInput(UpdateCustomerSchema, fields);
        const update = ctx.sources.op(vendor, 'customers.update');
        return update(ctx.scope, nativeId, toInput(parsed));
      }),
  }),
  deleteCustomer: t.field({
    type: DeletePayloadRef,
    errors: mutationErrors('deleteCustomer'),
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, nativeId } = idOf('Customer', input.id, 'id');
        const remove = ctx.sources.op(vendor, 'customers.delete');
        const outcome = await remove(ctx.scope, nativeId);
        return { deletedId: String(input.id), status: outcome.status };
      }),
  }),
}));
