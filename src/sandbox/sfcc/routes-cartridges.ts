// Cartridge path operations. The path is the site's custom cartridges followed by the system
// cartridge `core`, which can be neither added, targeted nor removed.
// Response keys and fault argument names follow the doc's samples, which disagree with its tables:
// PUT answers `cartridge_path`, POST/DELETE answer `cartridges`; path/name faults carry `cartridge`
// and InvalidOperationException carries `target_cartridge`.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { API_VERSION, DATA_PATH, fault, ok } from './faults.js';
import { isResponse, jsonObjectBody, siteOf } from './request.js';
import { type SfccStore, type SiteState, SYSTEM_CARTRIDGES } from './store.js';

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
const POSITIONS = ['first', 'last', 'before', 'after'] as const;

function invalidOperation(name: string | null): SandboxResponse {
  return fault(
    400,
    'InvalidOperationException',
    `Invalid operation on cartridge '${name ?? 'null'}'. The operation is only allowed on existing custom cartridge.`,
    {
      target_cartridge: name,
    },
  );
}

function answer(store: SfccStore, state: SiteState, key: 'cartridge_path' | 'cartridges'): SandboxResponse {
  return ok(200, { _v: API_VERSION, _type: 'cartridge_path_api_response', [key]: store.cartridgePath(state), site_id: state.site.id });
}

export function cartridgeRoutes(store: SfccStore): SandboxRoute[] {
  const overwrite = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    const body = jsonObjectBody(req);
    if (isResponse(body)) return body;
    const path = body.cartridges;
    const invalid = () =>
      fault(
        400,
        'InvalidCartridgePathException',
        `Invalid cartridge path '${String(path)}'. Cartridge names may only contain letters, numbers, or "_", must start with a letter, and be separated by ":".`,
        { cartridge: typeof path === 'string' ? path : null },
      );
    if (typeof path !== 'string') return invalid();
    const names = path === '' ? [] : path.split(':');
    if (names.some((n) => !NAME_RE.test(n)) || new Set(names).size !== names.length) return invalid();
    // System cartridges stay at the end of the path whether or not the client lists them.
    state.cartridges = names.filter((n) => !SYSTEM_CARTRIDGES.includes(n));
    return answer(store, state, 'cartridge_path');
  };

  const add = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    const body = jsonObjectBody(req);
    if (isResponse(body)) return body;
    const name = typeof body.name === 'string' ? body.name : '';
    if (!NAME_RE.test(name)) {
      return fault(
        400,
        'InvalidCartridgeException',
        `Invalid cartridge '${name}'. Cartridge names may only contain letters, numbers, or "_", must start with a letter.`,
        {
          cartridge: name,
        },
      );
    }
    if (state.cartridges.includes(name) || SYSTEM_CARTRIDGES.includes(name)) {
      return fault(400, 'CartridgeAlreadyExistException', `Cartridge '${name}' already exists.`, { cartridge: name });
    }
    const position = body.position;
    // Undocumented fault: the doc lists the four positions but no fault for a fifth; OCAPI's
    // document validation answers enum violations with this type (general OCAPI behaviour).
    if (typeof position !== 'string' || !(POSITIONS as readonly string[]).includes(position)) {
      return fault(
        400,
        'EnumConstraintViolationException',
        `Invalid position '${String(position)}'; expected one of ${POSITIONS.join(', ')}.`,
        {
          document: 'cartridge_path_add_request',
          enumValue: String(position),
        },
      );
    }
    if (position === 'first') state.cartridges.unshift(name);
    // "last" means last among the custom cartridges: the system cartridge keeps the final place.
    else if (position === 'last') state.cartridges.push(name);
    else {
      const target = typeof body.target === 'string' ? body.target : null;
      const at = target === null ? -1 : state.cartridges.indexOf(target);
      if (at < 0) return invalidOperation(target);
      state.cartridges.splice(position === 'before' ? at : at + 1, 0, name);
    }
    return answer(store, state, 'cartridges');
  };

  const remove = (req: SandboxRequest): SandboxResponse => {
    const state = siteOf(store, req);
    if (isResponse(state)) return state;
    const name = req.params.cartridge_name ?? '';
    const at = state.cartridges.indexOf(name);
    if (at < 0) return invalidOperation(name);
    state.cartridges.splice(at, 1);
    return answer(store, state, 'cartridges');
  };

  const base = `${DATA_PATH}/sites/{site_id}/cartridges`;
  return [
    { method: 'PUT', pattern: base, handler: overwrite },
    { method: 'POST', pattern: base, handler: add },
    { method: 'DELETE', pattern: `${base}/{cartridge_name}`, handler: remove },
  ];
}
