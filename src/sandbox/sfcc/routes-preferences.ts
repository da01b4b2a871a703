// Custom site preferences per preference group and instance type. `current` (GET only) is the
// instance answering the call; this sandbox reports itself as a `sandbox` instance.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { siteRef } from './documents.js';
import { API_VERSION, DATA_PATH, dataLink, fault, malformedParameter, ok } from './faults.js';
import { booleanParam, isResponse, jsonObjectBody, siteOf } from './request.js';
import { INSTANCE_TYPES, type InstanceType, PREFERENCE_GROUPS, type PreferenceType } from './seed-config.js';
import type { SfccStore, SiteState } from './store.js';

export const CURRENT_INSTANCE: InstanceType = 'sandbox';
/** The reserved value password preferences are masked with, and cannot be set to. */
export const PASSWORD_MASK = '************';

function checkPreference(type: PreferenceType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
    case 'password':
      return typeof value === 'string' ? undefined : 'a string is expected';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer is expected';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'a boolean is expected';
    case 'set_of_string':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'a list of strings is expected';
  }
}

interface Target {
  state: SiteState;
  groupId: string;
  group: Readonly<Record<string, PreferenceType>>;
  instance: InstanceType;
  values: Record<string, unknown>;
  mask: boolean;
}

function resolve(store: SfccStore, req: SandboxRequest, allowCurrent: boolean): Target | SandboxResponse {
  const state = siteOf(store, req);
  if (isResponse(state)) return state;
  const rawInstance = req.params.instance_type ?? '';
  const allowed: readonly string[] = allowCurrent ? [...INSTANCE_TYPES, 'current'] : INSTANCE_TYPES;
  if (!allowed.includes(rawInstance)) return malformedParameter('instance_type', rawInstance, `one of {${allowed.join(',')}} is expected.`);
  const instance = rawInstance === 'current' ? CURRENT_INSTANCE : (rawInstance as InstanceType);
  const groupId = req.params.group_id ?? '';
  const group = PREFERENCE_GROUPS[groupId];
  if (!group)
    return fault(404, 'CustomPreferenceGroupNotFoundException', `No preference group with ID '${groupId}' was found.`, {
      preferenceGroupId: groupId,
    });
  const mask = booleanParam(req, 'mask_passwords');
  if (isResponse(mask)) return mask;
  const key = `${instance}|${groupId}`;
  let values = state.preferences.get(key);
  if (!values) {
    values = {};
    state.preferences.set(key, values);
  }
  return { state, groupId, group, instance, values, mask: mask ?? false };
}

function preferencesDoc(req: SandboxRequest, t: Target): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    _v: API_VERSION,
    _type: 'preferences',
    link: dataLink(
      req,
      `/sites/${t.state.site.id}/site_preferences/preference_groups/${t.groupId}/${req.params.instance_type ?? t.instance}`,
    ),
    site: siteRef(req, t.state.site),
  };
  for (const [name, type] of Object.entries(t.group)) {
    const value = t.values[name];
    if (value === undefined || value === null) continue;
    doc[name] = type === 'password' && t.mask ? PASSWORD_MASK : value;
  }
  return doc;
}

export function preferenceRoutes(store: SfccStore): SandboxRoute[] {
  const get = (req: SandboxRequest): SandboxResponse => {
    const target = resolve(store, req, true);
    if (isResponse(target)) return target;
    return ok(200, preferencesDoc(req, target));
  };

  const patch = (req: SandboxRequest): SandboxResponse => {
    const target = resolve(store, req, false);
    if (isResponse(target)) return target;
    const body = jsonObjectBody(req);
    if (isResponse(body)) return body;
    const changes: [string, unknown][] = [];
    for (const [name, value] of Object.entries(body)) {
      // `_type`, `link`, `site` from a read are echoed back by clients; only `c_` preferences are writable.
      if (!name.startsWith('c_')) continue;
      const type = target.group[name];
      // Undocumented fault (as for custom objects): the doc names none for an unknown preference,
      // an ill-typed value or the reserved password mask, though it says the mask cannot be set.
      if (!type) {
        return fault(
          400,
          'InvalidCustomPropertyException',
          `Cannot write custom property '${name}': it is not a preference of group '${target.groupId}'.`,
          { property: name },
        );
      }
      if (value !== null) {
        const problem = checkPreference(type, value);
        if (problem)
          return fault(400, 'InvalidCustomPropertyException', `Cannot write custom property '${name}': ${problem}.`, { property: name });
        if (type === 'password' && value === PASSWORD_MASK) {
          return fault(
            400,
            'InvalidCustomPropertyException',
            `Preferences of type password cannot be set to "${PASSWORD_MASK}" since it is a reserved value.`,
            { property: name },
          );
        }
      }
      changes.push([name, value]);
    }
    // Validated in full before anything is written.
    for (const [name, value] of changes) {
      if (value === null) delete target.values[name];
      else target.values[name] = value;
    }
    return ok(200, preferencesDoc(req, target));
  };

  const pattern = `${DATA_PATH}/sites/{site_id}/site_preferences/preference_groups/{group_id}/{instance_type}`;
  return [
    { method: 'GET', pattern, handler: get },
    { method: 'PATCH', pattern, handler: patch },
  ];
}
