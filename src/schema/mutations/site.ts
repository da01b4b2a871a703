// Site configuration writes: custom preferences and the cartridge path. Admin operations; the
// path can only be written at the vendor, so these mutations are also the only way to read it.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { asMutationResult, mutationErrors } from '../errors.js';
import { idOf, parseInput } from '../input.js';
import { outcomePayload } from '../payloads.js';
import { InstanceTypeEnum, SitePreferencesRef, SiteRef } from '../site.js';

const SitePreferencesPayloadRef = outcomePayload('SitePreferencesPayload', 'preferences', SitePreferencesRef);
const SiteCartridgesPayloadRef = outcomePayload('SiteCartridgesPayload', 'site', SiteRef);

const CartridgePositionEnum = builder.enumType('CartridgePosition', { values: ['FIRST', 'LAST', 'BEFORE', 'AFTER'] as const });

const cartridgeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must start with a letter and hold only letters, digits and _');

const UpdateSitePreferencesInput = builder.inputType('UpdateSitePreferencesInput', {
  fields: (t) => ({
    siteId: t.id({ required: true }),
    groupId: t.string({ required: true }),
    instanceType: t.field({ type: InstanceTypeEnum, required: true, description: 'A named instance type; CURRENT cannot be written.' }),
    values: t.field({ type: 'JSON', required: true, description: 'Preferences to set, by vendor name (`c_…`); null clears one.' }),
  }),
});

const ReplaceSiteCartridgesInput = builder.inputType('ReplaceSiteCartridgesInput', {
  fields: (t) => ({
    siteId: t.id({ required: true }),
    names: t.stringList({ required: true, description: 'The whole custom path, first cartridge first.' }),
  }),
});

const AddSiteCartridgeInput = builder.inputType('AddSiteCartridgeInput', {
  fields: (t) => ({
    siteId: t.id({ required: true }),
    name: t.string({ required: true }),
    position: t.field({ type: CartridgePositionEnum, required: true }),
    target: t.string({ description: 'The cartridge to add BEFORE or AFTER.' }),
  }),
});

const RemoveSiteCartridgeInput = builder.inputType('RemoveSiteCartridgeInput', {
  fields: (t) => ({ siteId: t.id({ required: true }), name: t.string({ required: true }) }),
});

const AddFields = z
  .object({ name: cartridgeName, position: z.enum(['FIRST', 'LAST', 'BEFORE', 'AFTER']), target: cartridgeName.nullish() })
  .refine((a) => (a.position === 'BEFORE' || a.position === 'AFTER') === (a.target != null), {
    path: ['target'],
    message: 'is required with BEFORE and AFTER, and only with them',
  });

// Module-level, not per call: zod compiles a schema on its first parse.
const PreferenceFields = z.object({
  groupId: z.string().trim().min(1, 'must not be empty'),
  values: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }),
});
const CartridgeNames = z.object({ names: z.array(cartridgeName) });
const CartridgeName = z.object({ name: cartridgeName });

builder.mutationFields((t) => ({
  updateSitePreferences: t.field({
    type: SitePreferencesPayloadRef,
    errors: mutationErrors('updateSitePreferences'),
    args: { input: t.arg({ type: UpdateSitePreferencesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const site = idOf('Site', input.siteId, 'siteId');
        const { groupId, values } = parseInput(PreferenceFields, { groupId: input.groupId, values: input.values });
        const update = ctx.sources.op(site.vendor, 'sites.updatePreferences');
        return update(ctx.scope, site.nativeId, groupId, input.instanceType, values);
      }),
  }),
  replaceSiteCartridges: t.field({
    type: SiteCartridgesPayloadRef,
    errors: mutationErrors('replaceSiteCartridges'),
    args: { input: t.arg({ type: ReplaceSiteCartridgesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const site = idOf('Site', input.siteId, 'siteId');
        const { names } = parseInput(CartridgeNames, { names: input.names });
        const replace = ctx.sources.op(site.vendor, 'sites.replaceCartridges');
        return replace(ctx.scope, site.nativeId, names);
      }),
  }),
  addSiteCartridge: t.field({
    type: SiteCartridgesPayloadRef,
    errors: mutationErrors('addSiteCartridge'),
    args: { input: t.arg({ type: AddSiteCartridgeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const site = idOf('Site', input.siteId, 'siteId');
        const addition = parseInput(AddFields, { name: input.name, position: input.position, target: input.target });
        const add = ctx.sources.op(site.vendor, 'sites.addCartridge');
        return add(ctx.scope, site.nativeId, { name: addition.name, position: addition.position, target: addition.target ?? undefined });
      }),
  }),
  removeSiteCartridge: t.field({
    type: SiteCartridgesPayloadRef,
    errors: mutationErrors('removeSiteCartridge'),
    args: { input: t.arg({ type: RemoveSiteCartridgeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const site = idOf('Site', input.siteId, 'siteId');
        const { name } = parseInput(CartridgeName, { name: input.name });
        const remove = ctx.sources.op(site.vendor, 'sites.removeCartridge');
        return remove(ctx.scope, site.nativeId, name);
      }),
  }),
}));
