// Read-only Sites operations: sites, A/B tests, AI recommender names, slot configurations, locales.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { abTestDoc, localeDoc, siteDoc, slotDoc } from './documents.js';
import { API_VERSION, DATA_PATH, fault, ok } from './faults.js';
import { pageOf, parsePaging } from './paging.js';
import { alphabetical, booleanParam, isResponse, selected, selectorOf, siteOf } from './request.js';
import { SYSTEM_LOCALES } from './seed-config.js';
import type { SfccStore } from './store.js';

/** Lists echo the selector without its parentheses (`"select": "**"` in the doc's samples). */
function listResponse(req: SandboxRequest, items: readonly Record<string, unknown>[], type: string | undefined): SandboxResponse {
  const select = selectorOf(req);
  if (isResponse(select)) return select;
  const paging = parsePaging(req.query);
  if (isResponse(paging)) return paging;
  const doc: Record<string, unknown> = { _v: API_VERSION, ...(type ? { _type: type } : {}), ...pageOf(items, paging, 'data') };
  if (select) doc.select = select.raw.replace(/^\((.*)\)$/s, '$1');
  return ok(200, selected(alphabetical(doc), select));
}

export function siteRoutes(store: SfccStore): SandboxRoute[] {
  const listSites = (req: SandboxRequest) =>
    listResponse(
      req,
      [...store.sites.values()].map((s) => siteDoc(req, s.site, false)),
      undefined,
    );

  const getSite = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    const select = selectorOf(req);
    if (isResponse(select)) return select;
    return ok(200, selected(siteDoc(req, state.site, true), select));
  };

  const abTests = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    return listResponse(
      req,
      state.abTests.map((t) => abTestDoc(req, state.site.id, t)),
      'ab_test_search_result',
    );
  };

  const recommenders = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    const list = state.site.recommenders;
    if (list === 'cquotient-error') {
      // The doc's sample of Einstein refusing a site that is not provisioned there.
      const responseBody = '{"code":"1","message":"The given site id is not valid"}';
      return fault(400, 'CQuotientException', `Proxy error ('400'): '${responseBody}'.`, { originalStatusCode: '400', responseBody });
    }
    return ok(200, {
      _v: API_VERSION,
      _type: 'recommenders_result',
      recommenders: list.map((r) => ({ _type: 'recommender', description: r.description, name: r.name })),
    });
  };

  const slots = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    return listResponse(req, state.slots.map(slotDoc), undefined);
  };

  const locales = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    const select = selectorOf(req);
    if (isResponse(select)) return select;
    const paging = parsePaging(req.query);
    if (isResponse(paging)) return paging;
    const includeAll = booleanParam(req, 'include_all');
    if (isResponse(includeAll)) return includeAll;
    const id = req.query.get('id');
    let ids = includeAll ? [...SYSTEM_LOCALES] : [...state.site.locales];
    // An id outside the list answers an empty result rather than a fault (the doc names none).
    if (id) ids = ids.filter((l) => l === id);
    // "Default is only the locale id": without `select` each hit carries just its id.
    const hits = ids.map((l) => (select ? localeDoc(l, state.site) : { _type: 'locale', id: l }));
    const doc: Record<string, unknown> = { _v: API_VERSION, _type: 'locale_result', ...pageOf(hits, paging, 'hits') };
    if (includeAll !== undefined) doc.include_all = includeAll;
    if (id) doc.id = id;
    // The locales sample echoes the selector with its parentheses, unlike the other lists.
    if (select) doc.select = select.raw;
    return ok(200, selected(alphabetical(doc), select));
  };

  const site = `${DATA_PATH}/sites/{site_id}`;
  return [
    { method: 'GET', pattern: `${DATA_PATH}/sites`, handler: listSites },
    { method: 'GET', pattern: site, handler: getSite },
    { method: 'GET', pattern: `${site}/ab_tests`, handler: abTests },
    { method: 'GET', pattern: `${site}/ai/recommender_names`, handler: recommenders },
    { method: 'GET', pattern: `${site}/locale_info/locales`, handler: locales },
    { method: 'GET', pattern: `${site}/slot_configurations`, handler: slots },
  ];
}
