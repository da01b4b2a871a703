// Who is calling: the client identity every authorisation, rate-limit and idempotency decision
// keys on. It is settled in `onRequest`, before the body is parsed (see authenticate.ts), and kept
// per Request so that plugins running before execution can read it without a GraphQL context.
import type { Vendor } from '../domain/vendor.js';
import type { OperationAccess } from '../sources/operations.js';

/** `<vendor>:read`, `<vendor>:write` (vendor in lower case) or `*:read` / `*:write` for every vendor. */
export type Scope = `${Lowercase<Vendor> | '*'}:${OperationAccess}`;

export type PrincipalKind = 'apiKey' | 'jwt' | 'anonymous' | 'demo';

export interface Principal {
  /**
   * Stable id of the client: `key:<name>` for an API key, `jwt:<sub>` for a token (one issuer is configured), `demo` for
   * the demo key and `anonymous` when authentication is switched off (`GATEWAY_AUTH=none`).
   */
  readonly clientId: string;
  readonly kind: PrincipalKind;
  readonly scopes: ReadonlySet<Scope>;
}

/** Whether the principal may perform an operation of kind `access` at `vendor`. Write does not imply read. */
export function mayAccess(principal: Principal, vendor: Vendor, access: OperationAccess): boolean {
  return principal.scopes.has(`*:${access}`) || principal.scopes.has(`${vendor.toLowerCase() as Lowercase<Vendor>}:${access}`);
}

/** Every scope there is: what the demo key and `GATEWAY_AUTH=none` grant. */
export const ALL_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['*:read', '*:write']);

const principals = new WeakMap<Request, Principal>();

export function setPrincipal(request: Request, principal: Principal): void {
  principals.set(request, principal);
}

/**
 * The authenticated client of `request`, set by the authentication plugin in `onRequest` (so
 * available to every later hook: `onRequestParse`, `onParams`, `onValidate`, `onExecute`,
 * `onResponse`). Undefined only for requests the plugin let through unauthenticated on purpose:
 * CORS preflights, the GraphiQL page and non-GraphQL paths.
 */
export function principalOf(request: Request): Principal | undefined {
  return principals.get(request);
}
