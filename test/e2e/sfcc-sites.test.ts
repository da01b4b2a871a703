// SFCC sites through GraphQL: start/count paging with totals, the `select` each read sends (only
// the properties the query selected), site configuration lists, preferences and cartridge writes.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { PASSWORD_MASK, SITES, SYSTEM_LOCALES } from '../../src/sandbox/sfcc/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const siteId = (id: string) => globalId('Site', 'SFCC', id);

const t = useTestGateway({ only: ['sfcc'] });
beforeEach(() => {
  t.sfcc.resetCalls();
  t.sfcc.clearFaults();
});

describe('sites', () => {
  it('pages sites by start/count with the total, asking only for the selected properties', async () => {
    const first = await t.sdk.SitesPage({ first: 2 });
    expect(first.errors).toBeUndefined();
    expect(first.data.sites?.totalCount).toBe(SITES.length);
    expect(first.data.sites?.edges.map((e) => e.node.vendorId)).toEqual(['RefArch', 'SiteGenesis']);
    expect(first.data.sites?.edges[0]?.node).toMatchObject({
      vendor: 'SFCC',
      displayName: 'Reference Architecture',
      storefrontStatus: 'online',
    });
    const q = t.sfcc.lastQuery('GET /sites');
    expect(q?.get('select')).toBe('(total,data.(id,display_name,storefront_status))');
    expect(q?.get('start')).toBe('0');
    expect(q?.get('count')).toBe('2');

    const rest = await t.sdk.SitesPage({ first: 2, after: first.data.sites?.pageInfo.endCursor });
    expect(rest.data.sites?.edges.map((e) => e.node.vendorId)).toEqual(['RefArchGlobal']);
    expect(rest.data.sites?.pageInfo.hasNextPage).toBe(false);
    expect(t.sfcc.lastQuery('GET /sites')?.get('start')).toBe('2');
    expect(t.sfcc.calls('GET /sites')).toBe(2);
  });

  it('asks for whole documents only when attributes are selected', async () => {
    const res = await t.sdk.SitesFull({ vendor: 'SFCC' });
    const site = res.data.sites?.edges.find((e) => e.node.vendorId === 'SiteGenesis')?.node;
    expect(site).toMatchObject({
      description: 'Prototypical site used for starting point',
      inDeletion: false,
      customerListId: 'SiteGenesis',
    });
    expect(site?.attributes).toHaveProperty('customer_list_link');
    // OCAPI `link`s are absolute URLs of the instance: never passed to clients.
    expect(JSON.stringify(site?.attributes)).not.toMatch(/"link"|https?:\/\//);
    expect(t.sfcc.lastQuery('GET /sites')?.get('select')).toBe('(total,data.(**))');
  });

  it('resolves a site by global ID, and an unknown site as null plus NOT_FOUND', async () => {
    const res = await t.sdk.SiteNode({ id: siteId('RefArchGlobal') });
    expect(res.data.node).toMatchObject({
      __typename: 'Site',
      vendorId: 'RefArchGlobal',
      storefrontStatus: 'offline',
      customerListId: 'RefArchGlobal',
    });
    expect(t.sfcc.calls('GET /sites/{site_id}')).toBe(1);
    const missing = await t.sdk.SiteNode({ id: siteId('NoSuchSite') });
    expect(missing.data.node).toBeNull();
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('lists the vendor as healthy with its site capabilities', async () => {
    const res = await t.sdk.Vendors();
    const sfccInfo = res.data.vendors.find((v) => v.vendor === 'SFCC');
    expect(sfccInfo?.health.status).toBe('UP');
    expect(sfccInfo?.capabilities).toEqual(
      expect.arrayContaining(['sites.list', 'customItems.load', 'customItems.upsert', 'customItems.delete']),
    );
  });
});

describe('site configuration lists', () => {
  it('pages the site locales; the select names the selected fields, ids only when only ids are selected', async () => {
    const site = SITES.find((s) => s.id === 'RefArch');
    const res = await t.sdk.SiteLocales({ id: siteId('RefArch'), first: 5 });
    const conn = res.data.node && 'locales' in res.data.node ? res.data.node.locales : undefined;
    expect(conn?.totalCount).toBe(site?.locales.length);
    expect(conn?.edges.map((e) => e.node.id)).toEqual(site?.locales.slice(0, 5));
    expect(conn?.edges.find((e) => e.node.id === 'en-US')?.node).toMatchObject({
      language: 'en',
      country: 'US',
      isDefault: true,
      active: true,
      name: expect.stringContaining('English'),
    });
    expect(t.sfcc.lastQuery('GET /sites/{site_id}/locale_info/locales')?.get('select')).toBe(
      '(total,hits.(id,active,country,default,display_name,language,name))',
    );

    const ids = await t.sdk.SiteLocaleIds({ id: siteId('RefArch'), first: 3 });
    expect(ids.data.node && 'locales' in ids.data.node ? ids.data.node.locales?.edges.length : 0).toBe(3);
    expect(t.sfcc.lastQuery('GET /sites/{site_id}/locale_info/locales')?.get('select')).toBe('(total,hits.(id))');

    const all = await t.sdk.SiteLocales({ id: siteId('RefArch'), first: 100, includeAll: true });
    expect(all.data.node && 'locales' in all.data.node ? all.data.node.locales?.totalCount : 0).toBe(SYSTEM_LOCALES.length);
    expect(t.sfcc.lastQuery('GET /sites/{site_id}/locale_info/locales')?.get('include_all')).toBe('true');
  });

  it('walks the A/B tests of a site page by page', async () => {
    const ids: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const res = await t.sdk.SiteAbTests({ id: siteId('RefArch'), first: 10, after });
      const conn = res.data.node && 'abTests' in res.data.node ? res.data.node.abTests : undefined;
      expect(conn?.totalCount).toBe(32);
      ids.push(...(conn?.edges.map((e) => e.node.id) ?? []));
      pages += 1;
      if (!conn?.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(32);
    expect(t.sfcc.calls('GET /sites/{site_id}/ab_tests')).toBe(4);
    const q = t.sfcc.lastQuery('GET /sites/{site_id}/ab_tests');
    expect(q?.get('select')).toBe('(total,data.(id,enabled,start_date,test_groups,trigger))');
    expect(q?.get('start')).toBe('30');

    const doc = await t.sdk.SiteAbTests({ id: siteId('SiteGenesis') });
    const tests = doc.data.node && 'abTests' in doc.data.node ? doc.data.node.abTests?.edges.map((e) => e.node) : [];
    expect(tests?.[1]).toMatchObject({
      id: 'my-abtest2',
      trigger: { type: 'pipeline_call', pipelineCalls: ['My-Pipeline'] },
      groups: [
        { id: 'Control', allocation: 20 },
        { id: 'Test Segment B', allocation: 80 },
      ],
    });
  });

  it('maps the doc’s slot configuration sample', async () => {
    const res = await t.sdk.SiteSlotConfigurations({ id: siteId('SiteGenesis') });
    const conn = res.data.node && 'slotConfigurations' in res.data.node ? res.data.node.slotConfigurations : undefined;
    expect(conn?.totalCount).toBe(1);
    expect(conn?.edges[0]?.node).toMatchObject({
      slotId: 'header-banner',
      configurationId: '2015-06-24_16:33:18',
      isDefault: true,
      rank: 2,
      customerGroups: ['Administrators', 'Registered'],
      calloutMessage: 'some message',
      content: '<html>HTML content</html>',
      contentType: 'html',
      schedule: { startDate: '2013-03-28T23:21:00.000Z', daysOfWeek: ['monday', 'sunday'], timeFrom: '00:00:00', timeTo: '23:59:00' },
    });
    expect(t.sfcc.lastQuery('GET /sites/{site_id}/slot_configurations')?.get('select')).toBe(
      '(total,data.(slot_id,callout_msg,configuration_id,customer_groups,default,enabled,rank,schedule,slot_content))',
    );
  });

  it('pages recommender names from one call, and relays an Einstein refusal for that field only', async () => {
    const res = await t.sdk.SiteRecommenders({ id: siteId('RefArch'), first: 4 });
    const conn = res.data.node && 'recommenderNames' in res.data.node ? res.data.node.recommenderNames : undefined;
    expect(conn?.totalCount).toBe(6);
    expect(conn?.edges.map((e) => e.node.name)).toEqual(['Alternate-Product-to-Product', 'topsellers', 'recently-viewed', 'demo']);
    const next = await t.sdk.SiteRecommenders({ id: siteId('RefArch'), first: 4, after: conn?.pageInfo.endCursor });
    expect(next.data.node && 'recommenderNames' in next.data.node ? next.data.node.recommenderNames?.edges.length : 0).toBe(2);

    const refused = await t.sdk.SiteRecommenders({ id: siteId('RefArchGlobal') });
    expect(refused.data.node && 'recommenderNames' in refused.data.node ? refused.data.node.recommenderNames : 'absent').toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', vendor: 'SFCC' });
  });
});

describe('site preferences', () => {
  it('reads a preference group with passwords masked', async () => {
    const res = await t.sdk.SitePreferences({ id: siteId('RefArch'), groupId: 'loyalty', instanceType: 'PRODUCTION' });
    const prefs = res.data.node && 'preferences' in res.data.node ? res.data.node.preferences : undefined;
    expect(prefs).toMatchObject({ groupId: 'loyalty', instanceType: 'PRODUCTION', site: { vendorId: 'RefArch' } });
    expect(prefs?.values).toMatchObject({
      c_loyaltyEnabled: true,
      c_programName: 'RefArch Rewards',
      c_pointsPerCurrencyUnit: 1,
      c_loyaltyApiKey: PASSWORD_MASK,
    });
    expect(
      t.sfcc.lastQuery('GET /sites/{site_id}/site_preferences/preference_groups/{group_id}/{instance_type}')?.get('mask_passwords'),
    ).toBe('true');

    const missing = await t.sdk.SitePreferences({ id: siteId('RefArch'), groupId: 'nope', instanceType: 'CURRENT' });
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('updates preferences of a named instance, refusing CURRENT, unprefixed names and wrong types', async () => {
    const ok = await t.sdk.UpdateSitePreferences({
      input: { siteId: siteId('SiteGenesis'), groupId: 'checkout', instanceType: 'STAGING', values: { c_maxCartItems: 12 } },
    });
    expect(ok.data.updateSitePreferences).toMatchObject({
      __typename: 'SitePreferencesPayload',
      status: 'APPLIED',
      preferences: { groupId: 'checkout', instanceType: 'STAGING' },
    });
    expect(
      ok.data.updateSitePreferences.__typename === 'SitePreferencesPayload' && ok.data.updateSitePreferences.preferences?.values,
    ).toMatchObject({ c_maxCartItems: 12 });

    const current = await t.sdk.UpdateSitePreferences({
      input: { siteId: siteId('SiteGenesis'), groupId: 'checkout', instanceType: 'CURRENT', values: { c_maxCartItems: 1 } },
    });
    expect(current.data.updateSitePreferences).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'instanceType' }] });
    const unprefixed = await t.sdk.UpdateSitePreferences({
      input: { siteId: siteId('SiteGenesis'), groupId: 'checkout', instanceType: 'STAGING', values: { maxCartItems: 1 } },
    });
    expect(unprefixed.data.updateSitePreferences).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'values.maxCartItems' }],
    });
    const wrongType = await t.sdk.UpdateSitePreferences({
      input: { siteId: siteId('SiteGenesis'), groupId: 'checkout', instanceType: 'STAGING', values: { c_maxCartItems: 'many' } },
    });
    expect(wrongType.data.updateSitePreferences).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'values.c_maxCartItems' }],
    });
    expect(t.sfcc.calls('PATCH /sites/{site_id}/site_preferences/preference_groups/{group_id}/{instance_type}')).toBe(2);
  });
});

describe('cartridges', () => {
  it('has no read of the path: the field says so instead of guessing', async () => {
    const res = await t.sdk.SiteCartridges({ id: siteId('RefArch') });
    expect(res.data.node).toMatchObject({ vendorId: 'RefArch', cartridges: null });
    expect(errorCodes(res)).toEqual(['UNSUPPORTED_OPERATION']);
  });

  it('replaces, adds to and removes from the path, answering the new path', async () => {
    const replaced = await t.sdk.ReplaceSiteCartridges({ input: { siteId: siteId('SiteGenesis'), names: ['app_one', 'app_two'] } });
    if (replaced.data.replaceSiteCartridges.__typename !== 'SiteCartridgesPayload') throw new Error(JSON.stringify(replaced.data));
    expect(replaced.data.replaceSiteCartridges.site).toMatchObject({ vendorId: 'SiteGenesis', displayName: 'Site Genesis' });
    expect(replaced.data.replaceSiteCartridges.site?.cartridges?.edges.map((e) => e.node.name)).toEqual(['app_one', 'app_two', 'core']);

    const added = await t.sdk.AddSiteCartridge({
      input: { siteId: siteId('SiteGenesis'), name: 'int_new', position: 'AFTER', target: 'app_one' },
    });
    expect(
      added.data.addSiteCartridge.__typename === 'SiteCartridgesPayload' &&
        added.data.addSiteCartridge.site?.cartridges?.edges.map((e) => e.node.name),
    ).toEqual(['app_one', 'int_new', 'app_two', 'core']);
    const removed = await t.sdk.RemoveSiteCartridge({ input: { siteId: siteId('SiteGenesis'), name: 'app_one' } });
    expect(
      removed.data.removeSiteCartridge.__typename === 'SiteCartridgesPayload' &&
        removed.data.removeSiteCartridge.site?.cartridges?.edges.map((e) => e.node.name),
    ).toEqual(['int_new', 'app_two', 'core']);
  });

  it('reports bad names and targets on the fields that hold them', async () => {
    const badName = await t.sdk.ReplaceSiteCartridges({ input: { siteId: siteId('RefArch'), names: ['ok_one', '9bad'] } });
    expect(badName.data.replaceSiteCartridges).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'names.1' }] });
    const noTarget = await t.sdk.AddSiteCartridge({ input: { siteId: siteId('RefArch'), name: 'x_one', position: 'BEFORE' } });
    expect(noTarget.data.addSiteCartridge).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'target' }] });
    expect(t.sfcc.calls()).toBe(0);
    const system = await t.sdk.AddSiteCartridge({
      input: { siteId: siteId('RefArch'), name: 'x_one', position: 'BEFORE', target: 'core' },
    });
    expect(system.data.addSiteCartridge).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'target' }] });
    const absent = await t.sdk.RemoveSiteCartridge({ input: { siteId: siteId('RefArch'), name: 'not_there' } });
    expect(absent.data.removeSiteCartridge).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'name' }] });
  });
});
