// Storefront sites and their configuration (SFCC Sites resource). Every list is a connection paged
// by the vendor's start/count; reads ask the vendor only for the properties the query selected.
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type {
  AbTestGroupRecord,
  AbTestRecord,
  AbTestTriggerRecord,
  LocaleRecord,
  RecommenderRecord,
  SitePreferencesRecord,
  SiteRecord,
  SlotConfigurationRecord,
  SlotScheduleRecord,
} from '../domain/site.js';
import type { Vendor } from '../domain/vendor.js';
import { badUserInput, GatewayError, UnsupportedOperationError } from '../errors.js';
import { localId } from '../ids.js';
import { forwardWindow } from '../pagination/args.js';
import { connectionOf, pageOfArray, toConnection } from '../pagination/connection.js';
import { customItemLocator } from '../sources/custom-items.js';
import { ALL_FIELDS, type SelectedFields } from '../sources/sites.js';
import { CUSTOM_ITEM_CONTENT, CustomItemRef, customItemLoader } from './custom-item.js';
import { contentFields, fieldsKey } from './field-selection.js';
import { loadByLocalIds } from './loaders.js';
import { VendorEnum } from './vendor-enum.js';

export const SiteRef = builder.objectRef<SiteRecord>('Site');

const SITE_CONTENT = ['displayName', 'description', 'storefrontStatus', 'inDeletion', 'customerListId', 'attributes'];
const AB_TEST_CONTENT = [
  'description',
  'enabled',
  'paused',
  'startDate',
  'endDate',
  'keyMetricId',
  'customerGroups',
  'tags',
  'groups',
  'trigger',
  'version',
  'attributes',
];
const SLOT_CONTENT = [
  'configurationId',
  'uuid',
  'context',
  'enabled',
  'isDefault',
  'rank',
  'description',
  'customerGroups',
  'calloutMessage',
  'contentType',
  'content',
  'schedule',
  'attributes',
];
const LOCALE_CONTENT = [
  'name',
  'displayName',
  'language',
  'country',
  'displayLanguage',
  'displayCountry',
  'iso3Language',
  'iso3Country',
  'active',
  'isDefault',
];
const NODES = ['edges', 'node'];

export function siteLoader(ctx: GatewayContext, vendor: Vendor, fields: SelectedFields = ALL_FIELDS) {
  const load = ctx.sources.op(vendor, 'sites.load');
  return ctx.scope.loader<string, SiteRecord>(`site:${vendor}:${fieldsKey(fields)}`, (ids) => load(ctx.scope, ids, fields));
}

/** The vendor `sites` lists when the client names none: the one configured vendor that has sites. */
function siteVendor(ctx: GatewayContext, asked: Vendor | null | undefined): Vendor {
  if (asked) return asked;
  const vendors = ctx.sources.vendorsWith('sites.list');
  if (vendors.length === 1 && vendors[0]) return vendors[0];
  if (vendors.length === 0) throw new GatewayError('VENDOR_NOT_CONFIGURED', 'No vendor with sites is configured on this gateway');
  throw badUserInput('vendor', `several vendors have sites (${vendors.join(', ')}); name one`);
}

const InstanceTypeEnum = builder.enumType('InstanceType', {
  description: 'Which instance of the platform the preferences are for; CURRENT is the one answering the call (reads only).',
  values: ['STAGING', 'DEVELOPMENT', 'SANDBOX', 'PRODUCTION', 'CURRENT'] as const,
});

const LocaleRef = builder.objectRef<LocaleRecord>('Locale').implement({
  description: 'A locale of a site (or of the instance, with `includeAll`).',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Locale id such as `en-US`, or `default`.' }),
    name: t.exposeString('name', { nullable: true, description: 'English name.' }),
    displayName: t.exposeString('displayName', { nullable: true, description: 'Name in the locale itself.' }),
    language: t.exposeString('language', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    displayLanguage: t.exposeString('displayLanguage', { nullable: true }),
    displayCountry: t.exposeString('displayCountry', { nullable: true }),
    iso3Language: t.exposeString('iso3Language', { nullable: true }),
    iso3Country: t.exposeString('iso3Country', { nullable: true }),
    active: t.exposeBoolean('active', { nullable: true, description: 'Whether the site has the locale switched on.' }),
    isDefault: t.exposeBoolean('isDefault', { nullable: true, description: "Whether it is the site's default locale." }),
  }),
});

const AbTestGroupRef = builder.objectRef<AbTestGroupRecord>('AbTestGroup').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    allocation: t.exposeInt('allocation', { nullable: true, description: 'Share of traffic, in percent.' }),
    customExperience: t.exposeBoolean('customExperience', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const AbTestTriggerRef = builder.objectRef<AbTestTriggerRecord>('AbTestTrigger').implement({
  fields: (t) => ({
    type: t.exposeString('type', { nullable: true, description: '`immediately` or `pipeline_call`.' }),
    pipelineBased: t.exposeBoolean('pipelineBased', { nullable: true }),
    pipelineCalls: t.exposeStringList('pipelineCalls'),
  }),
});

const AbTestRef = builder.objectRef<AbTestRecord>('AbTest').implement({
  description: 'An A/B test of a site.',
  fields: (t) => ({
    id: t.exposeString('id'),
    description: t.exposeString('description', { nullable: true }),
    enabled: t.exposeBoolean('enabled', { nullable: true }),
    paused: t.exposeBoolean('paused', { nullable: true }),
    startDate: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.startDate }),
    endDate: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.endDate }),
    keyMetricId: t.exposeString('keyMetricId', { nullable: true }),
    customerGroups: t.exposeStringList('customerGroups', { description: 'Ids of the customer groups the test runs for.' }),
    tags: t.exposeStringList('tags'),
    groups: t.field({ type: [AbTestGroupRef], resolve: (a) => a.groups }),
    trigger: t.field({ type: AbTestTriggerRef, nullable: true, resolve: (a) => a.trigger }),
    version: t.exposeString('version', { nullable: true }),
    attributes: t.field({ type: 'JSON', description: 'Vendor fields without a common meaning, untouched.', resolve: (a) => a.attributes }),
  }),
});

const SlotScheduleRef = builder.objectRef<SlotScheduleRecord>('SlotSchedule').implement({
  fields: (t) => ({
    startDate: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.startDate }),
    endDate: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.endDate }),
    daysOfWeek: t.exposeStringList('daysOfWeek'),
    timeFrom: t.exposeString('timeFrom', { nullable: true }),
    timeTo: t.exposeString('timeTo', { nullable: true }),
  }),
});

const SlotConfigurationRef = builder.objectRef<SlotConfigurationRecord>('SlotConfiguration').implement({
  description: 'Content assigned to a content slot of a site, with its audience and schedule.',
  fields: (t) => ({
    slotId: t.exposeString('slotId'),
    configurationId: t.exposeString('configurationId', { nullable: true }),
    uuid: t.exposeString('uuid', { nullable: true }),
    context: t.exposeString('context', { nullable: true, description: '`global`, `category` or `folder`.' }),
    enabled: t.exposeBoolean('enabled', { nullable: true }),
    isDefault: t.exposeBoolean('isDefault', { nullable: true }),
    rank: t.exposeInt('rank', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    customerGroups: t.exposeStringList('customerGroups'),
    calloutMessage: t.exposeString('calloutMessage', { nullable: true }),
    contentType: t.exposeString('contentType', { nullable: true }),
    content: t.exposeString('content', { nullable: true, description: 'The content body in the default locale.' }),
    schedule: t.field({ type: SlotScheduleRef, nullable: true, resolve: (s) => s.schedule }),
    attributes: t.field({ type: 'JSON', resolve: (s) => s.attributes }),
  }),
});

const RecommenderRef = builder.objectRef<RecommenderRecord>('Recommender').implement({
  description: 'A product recommender configured for the site (Einstein).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name recommendation requests use.' }),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const SitePreferencesRef = builder.objectRef<SitePreferencesRecord>('SitePreferences').implement({
  description: 'Custom preferences of one preference group of a site, for one instance type.',
  fields: (t) => ({
    groupId: t.exposeString('groupId'),
    instanceType: t.field({ type: InstanceTypeEnum, resolve: (p) => p.instanceType }),
    values: t.field({
      type: 'JSON',
      description: 'Preference values by their vendor names (`c_…`). Password preferences are always masked.',
      resolve: (p) => p.values,
    }),
    site: t.field({ type: SiteRef, nullable: true, resolve: (p, _args, ctx) => siteLoader(ctx, p.vendor).load(p.siteVendorId) }),
  }),
});

interface CartridgeShape {
  name: string;
  position: number;
}

const CartridgeRef = builder.objectRef<CartridgeShape>('Cartridge').implement({
  description: 'One cartridge of a site’s cartridge path.',
  fields: (t) => ({
    name: t.exposeString('name'),
    position: t.exposeInt('position', { description: '0-based place in the path; earlier cartridges win.' }),
  }),
});

builder.node(SiteRef, {
  description: 'A storefront site.',
  id: { resolve: (s) => localId(s.vendor, s.vendorId) },
  loadMany: (ids, ctx) => loadByLocalIds('Site', ids, (vendor, id) => siteLoader(ctx, vendor).load(id)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (s) => s.vendor }),
    vendorId: t.exposeString('vendorId', { description: "The vendor's own site id." }),
    displayName: t.exposeString('displayName', { nullable: true, description: 'Name in the default locale.' }),
    description: t.exposeString('description', { nullable: true, description: 'Description in the default locale.' }),
    storefrontStatus: t.exposeString('storefrontStatus', { nullable: true, description: '`online` or `offline`.' }),
    inDeletion: t.exposeBoolean('inDeletion', { nullable: true }),
    customerListId: t.exposeString('customerListId', { nullable: true, description: 'The customer list the site registers customers in.' }),
    attributes: t.field({ type: 'JSON', description: 'Vendor fields without a common meaning, untouched.', resolve: (s) => s.attributes }),
    customItem: t.field({
      type: CustomItemRef,
      nullable: true,
      description: 'One custom object of the site. A missing one is null plus a NOT_FOUND error; the rest of the query stays.',
      args: { objectType: t.arg.string({ required: true }), key: t.arg.string({ required: true }) },
      resolve: (site, args, ctx, info) => {
        if (args.objectType.includes(':') || args.objectType === '') throw badUserInput('objectType', 'must be a non-empty object type id');
        if (args.key === '') throw badUserInput('key', 'must not be empty');
        const fields = contentFields(info, [], CUSTOM_ITEM_CONTENT);
        return customItemLoader(ctx, site.vendor, fields).load(
          customItemLocator({ owner: site.vendorId, objectType: args.objectType, key: args.key }),
        );
      },
    }),
    locales: t.connection(
      {
        type: LocaleRef,
        nullable: true,
        args: { includeAll: t.arg.boolean({ description: 'Every locale of the instance, not only the site’s.' }) },
        resolve: async (site, args, ctx, info) => {
          const includeAll = args.includeAll ?? false;
          const window = forwardWindow(args, 'site.locales', site.vendor, { site: site.vendorId, includeAll });
          const locales = ctx.sources.op(site.vendor, 'sites.locales');
          return connectionOf(window, () => locales(ctx.scope, site, window, contentFields(info, NODES, LOCALE_CONTENT), includeAll));
        },
      },
      { name: 'LocaleConnection' },
      { name: 'LocaleEdge' },
    ),
    abTests: t.connection(
      {
        type: AbTestRef,
        nullable: true,
        resolve: async (site, args, ctx, info) => {
          const window = forwardWindow(args, 'site.abTests', site.vendor, site.vendorId);
          const abTests = ctx.sources.op(site.vendor, 'sites.abTests');
          return connectionOf(window, () => abTests(ctx.scope, site, window, contentFields(info, NODES, AB_TEST_CONTENT)));
        },
      },
      { name: 'AbTestConnection' },
      { name: 'AbTestEdge' },
    ),
    slotConfigurations: t.connection(
      {
        type: SlotConfigurationRef,
        nullable: true,
        resolve: async (site, args, ctx, info) => {
          const window = forwardWindow(args, 'site.slotConfigurations', site.vendor, site.vendorId);
          const slotConfigurations = ctx.sources.op(site.vendor, 'sites.slotConfigurations');
          return connectionOf(window, () => slotConfigurations(ctx.scope, site, window, contentFields(info, NODES, SLOT_CONTENT)));
        },
      },
      { name: 'SlotConfigurationConnection' },
      { name: 'SlotConfigurationEdge' },
    ),
    recommenderNames: t.connection(
      {
        type: RecommenderRef,
        nullable: true,
        description: 'Recommenders configured for the site. The vendor answers the whole (short) list; the gateway pages it.',
        resolve: async (site, args, ctx) => {
          const window = forwardWindow(args, 'site.recommenderNames', site.vendor, site.vendorId);
          const recommenders = ctx.sources.op(site.vendor, 'sites.recommenders');
          return connectionOf(window, async () => pageOfArray(window, await recommenders(ctx.scope, site)));
        },
      },
      { name: 'RecommenderConnection' },
      { name: 'RecommenderEdge' },
    ),
    cartridges: t.connection(
      {
        type: CartridgeRef,
        nullable: true,
        description:
          'The cartridge path. The Data API can only write it, so it is known on the `site` a cartridge mutation returns; ' +
          'elsewhere this is null with an UNSUPPORTED_OPERATION error.',
        resolve: (site, args) => {
          const window = forwardWindow(args, 'site.cartridges', site.vendor, site.vendorId);
          if (!site.cartridges)
            throw new UnsupportedOperationError(
              site.vendor,
              'sites.load',
              'reading the cartridge path: it comes back from the cartridge mutations only',
            );
          return toConnection(
            window,
            pageOfArray(
              window,
              site.cartridges.map((name, position) => ({ name, position })),
            ),
          );
        },
      },
      { name: 'CartridgeConnection' },
      { name: 'CartridgeEdge' },
    ),
    preferences: t.field({
      type: SitePreferencesRef,
      nullable: true,
      args: {
        groupId: t.arg.string({ required: true }),
        instanceType: t.arg({ type: InstanceTypeEnum, required: true, defaultValue: 'CURRENT' }),
      },
      resolve: (site, args, ctx) => {
        if (args.groupId === '') throw badUserInput('groupId', 'must not be empty');
        const preferences = ctx.sources.op(site.vendor, 'sites.preferences');
        return ctx.scope.once(`preferences:${site.vendor}:${site.vendorId}:${args.groupId}:${args.instanceType}`, () =>
          preferences(ctx.scope, site, args.groupId, args.instanceType),
        );
      },
    }),
  }),
});

builder.objectField(CustomItemRef, 'site', (t) =>
  t.field({
    type: SiteRef,
    nullable: true,
    description: 'The site the item belongs to, where items are kept per site.',
    resolve: (item, _args, ctx) => (item.scope ? siteLoader(ctx, item.vendor).load(item.scope) : null),
  }),
);

builder.queryField('sites', (t) =>
  t.connection(
    {
      type: SiteRef,
      nullable: true,
      description: 'Storefront sites. `vendor` may be left out when one configured vendor has sites.',
      args: { vendor: t.arg({ type: VendorEnum }) },
      resolve: async (_root, args, ctx, info) => {
        const vendor = siteVendor(ctx, args.vendor);
        const window = forwardWindow(args, 'sites', vendor, null);
        const list = ctx.sources.op(vendor, 'sites.list');
        return connectionOf(window, () => list(ctx.scope, window, contentFields(info, NODES, SITE_CONTENT)));
      },
    },
    { name: 'SiteConnection' },
    { name: 'SiteEdge' },
  ),
);

export { InstanceTypeEnum, SitePreferencesRef };
