// Request helpers shared by the Sites routes: site lookup, `select` handling, booleans, bodies.
import type { SandboxRequest, SandboxResponse } from '../harness.js';
import { fault, malformedParameter, siteNotFound } from './faults.js';
import { applySelector, parseSelector, type Selector } from './selector.js';
import type { SfccStore, SiteState } from './store.js';

export function siteOf(store: SfccStore, req: SandboxRequest): SiteState | SandboxResponse {
  const siteId = req.params.site_id ?? '';
  return store.sites.get(siteId) ?? siteNotFound(siteId);
}

export function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as { status: unknown }).status === 'number';
}

/** The parsed `select`, undefined when absent, or a MalformedSelectorException fault. */
export function selectorOf(req: SandboxRequest): { raw: string; selector: Selector } | undefined | SandboxResponse {
  const raw = req.query.get('select');
  if (raw === null || raw === '') return undefined;
  const selector = parseSelector(raw);
  if (!selector) return fault(400, 'MalformedSelectorException', `The property selector '${raw}' is malformed.`, { selector: raw });
  return { raw, selector };
}

export function selected(doc: Record<string, unknown>, select: { selector: Selector } | undefined): Record<string, unknown> {
  return select ? applySelector(doc, select.selector) : doc;
}

/** OCAPI documents list their properties alphabetically, `_`-prefixed ones first. */
export function alphabetical(doc: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(doc);
  const meta = keys.filter((k) => k.startsWith('_'));
  const rest = keys.filter((k) => !k.startsWith('_')).sort();
  return Object.fromEntries([...meta, ...rest].map((k) => [k, doc[k]]));
}

export function booleanParam(req: SandboxRequest, name: string): boolean | undefined | SandboxResponse {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return malformedParameter(name, raw, 'a boolean (true or false) is expected.');
}

export function jsonObjectBody(req: SandboxRequest): Record<string, unknown> | SandboxResponse {
  const parsed = req.json();
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    return fault(400, 'BodyDecodingException', 'The request document (body) could not be decoded.', { body: req.bodyText.slice(0, 200) });
  }
  return parsed.value as Record<string, unknown>;
}
