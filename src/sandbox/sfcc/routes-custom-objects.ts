// Site-specific custom objects: GET, PUT (create or overwrite, 201 + Location), PATCH (merge; the
// key attribute is ignored) and DELETE (204, also when the object does not exist).
// Optimistic locking: `_resource_state` in a PUT/PATCH body or the `x-dw-resource-state` header
// must equal the object's current state, otherwise 409 ResourceStateConflictException.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { customObjectDoc, customObjectState } from './documents.js';
import { DATA_PATH, dataLink, fault, noContent, ok } from './faults.js';
import { checkAttribute, OBJECT_TYPES, type ObjectTypeDef } from './object-types.js';
import { isResponse, jsonObjectBody, selected, selectorOf, siteOf } from './request.js';
import type { CustomObjectRecord } from './seed-objects.js';
import type { SfccStore, SiteState } from './store.js';

/** Properties a client may echo back from a read; they are not writable and are ignored. */
const READ_ONLY = new Set(['_v', '_type', 'object_type', 'key_property', 'key_value_string', 'key_value_int']);

interface Target {
  state: SiteState;
  type: ObjectTypeDef;
  key: string;
  objects: Map<string, CustomObjectRecord>;
}

function resolve(store: SfccStore, req: SandboxRequest): Target | SandboxResponse {
  const state = siteOf(store, req);
  if (isResponse(state)) return state;
  const typeId = req.params.object_type ?? '';
  const type = OBJECT_TYPES[typeId];
  const objects = state.objects.get(typeId);
  if (!type || !objects)
    return fault(404, 'ObjectTypeNotFoundException', `No object type with ID '${typeId}' was found.`, { objectType: typeId });
  const key = req.params.key ?? '';
  if (type.keyType === 'int' && !/^-?\d+$/.test(key)) {
    return fault(400, 'MalformedKeyParameterException', `The key '${key}' is malformed, the object type '${type.id}' has integer keys.`, {
      value: key,
      parameter: 'key',
    });
  }
  // Integer keys are normalised ("0042" addresses 42).
  return { state, type, key: type.keyType === 'int' ? String(Number(key)) : key, objects };
}

function notFound(target: Target): SandboxResponse {
  return fault(
    404,
    'CustomObjectNotFoundException',
    `No custom object with key '${target.key}' for object type '${target.type.id}' was found.`,
    {
      key: target.key,
      objectType: target.type.id,
    },
  );
}

function validAttributes(
  type: ObjectTypeDef,
  body: Record<string, unknown>,
): { attributes: Record<string, unknown>; bodyState: string | undefined } | SandboxResponse {
  const attributes: Record<string, unknown> = {};
  let bodyState: string | undefined;
  for (const [name, value] of Object.entries(body)) {
    if (name === '_resource_state') {
      if (typeof value === 'string') bodyState = value;
      continue;
    }
    if (READ_ONLY.has(name)) continue;
    // System attributes other than the key are not part of these object types; only `c_` ones are writable.
    if (!name.startsWith('c_')) continue;
    const def = type.attributes[name];
    // Undocumented fault: the 19.10 doc names no fault for an unknown or ill-typed `c_` attribute
    // (its fault tables cover keys, object types and missing objects only), yet silently storing
    // or dropping it would hide gateway bugs. The type name is the sandbox's; the adapter maps
    // unknown fault types generically, so nothing depends on this exact spelling.
    if (!def) {
      return fault(
        400,
        'InvalidCustomPropertyException',
        `Cannot write custom property '${name}': it is not defined for object type '${type.id}'.`,
        { property: name },
      );
    }
    const problem = checkAttribute(def, value);
    if (problem)
      return fault(400, 'InvalidCustomPropertyException', `Cannot write custom property '${name}': ${problem}.`, { property: name });
    attributes[name] = value;
  }
  return { attributes, bodyState };
}

/** 409 when the client's expected state does not match; `not_exists` asserts a create. */
function lockConflict(expected: string | undefined, current: CustomObjectRecord | undefined): SandboxResponse | undefined {
  if (expected === undefined) return undefined;
  if (expected === 'not_exists') {
    return current ? fault(409, 'ResourceAlreadyExistsException', 'The resource already exists.', { resourceState: expected }) : undefined;
  }
  if (current && customObjectState(current) === expected) return undefined;
  return fault(
    409,
    'ResourceStateConflictException',
    `The resource state '${expected}' does not match the current state of the resource.`,
    { resourceState: expected },
  );
}

function headerState(req: SandboxRequest): string | undefined {
  const h = req.headers['x-dw-resource-state'];
  return Array.isArray(h) ? h[0] : h;
}

export function customObjectRoutes(store: SfccStore): SandboxRoute[] {
  const get = (req: SandboxRequest): SandboxResponse => {
    const target = resolve(store, req);
    if (isResponse(target)) return target;
    const select = selectorOf(req);
    if (isResponse(select)) return select;
    const record = target.objects.get(target.key);
    if (!record) return notFound(target);
    return ok(200, selected(customObjectDoc(record), select));
  };

  const put = (req: SandboxRequest): SandboxResponse => {
    const target = resolve(store, req);
    if (isResponse(target)) return target;
    const body = jsonObjectBody(req);
    if (isResponse(body)) return body;
    const valid = validAttributes(target.type, body);
    if (isResponse(valid)) return valid;
    const current = target.objects.get(target.key);
    const conflict = lockConflict(headerState(req) ?? valid.bodyState, current);
    if (conflict) return conflict;
    // Overwrite: attributes not in the body are gone; nulls are simply not stored.
    const attributes = Object.fromEntries(Object.entries(valid.attributes).filter(([, v]) => v !== null));
    const record: CustomObjectRecord = { objectType: target.type.id, key: target.key, attributes };
    target.objects.set(target.key, record);
    // The doc documents 201 CREATED for PUT; we answer it for overwrites too.
    const location = dataLink(req, `/sites/${target.state.site.id}/custom_objects/${target.type.id}/${encodeURIComponent(target.key)}`);
    return ok(201, customObjectDoc(record), { location });
  };

  const patch = (req: SandboxRequest): SandboxResponse => {
    const target = resolve(store, req);
    if (isResponse(target)) return target;
    const current = target.objects.get(target.key);
    if (!current) return notFound(target);
    const body = jsonObjectBody(req);
    if (isResponse(body)) return body;
    const valid = validAttributes(target.type, body);
    if (isResponse(valid)) return valid;
    const conflict = lockConflict(valid.bodyState ?? headerState(req), current);
    if (conflict) return conflict;
    for (const [name, value] of Object.entries(valid.attributes)) {
      if (value === null) delete current.attributes[name];
      else current.attributes[name] = value;
    }
    return ok(200, customObjectDoc(current));
  };

  const remove = (req: SandboxRequest): SandboxResponse => {
    const target = resolve(store, req);
    if (isResponse(target)) return target;
    const current = target.objects.get(target.key);
    // "If the Custom Object does not exist, this will do nothing."
    if (!current) return noContent();
    const conflict = lockConflict(headerState(req), current);
    if (conflict) return conflict;
    target.objects.delete(target.key);
    return noContent();
  };

  const pattern = `${DATA_PATH}/sites/{site_id}/custom_objects/{object_type}/{key}`;
  return [
    { method: 'GET', pattern, handler: get },
    { method: 'PUT', pattern, handler: put },
    { method: 'PATCH', pattern, handler: patch },
    { method: 'DELETE', pattern, handler: remove },
  ];
}
