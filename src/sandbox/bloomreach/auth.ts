// Private access: `Authorization: Basic base64(<API key ID>:<API secret>)`. Keys belong to one
// project and carry API-group permissions; the export needs "GDPR > Export customers".
import type { SandboxRequest, SandboxResponse } from '../harness.js';
import { forbidden, notFound, unauthorized } from './errors.js';

export interface ApiKey {
  readonly apiKeyId: string;
  readonly apiSecret: string;
}

export interface ProjectAccess {
  projectToken: string;
  /** Keys with the "GDPR > Export customers" permission. */
  exportKeys: readonly ApiKey[];
  /** Valid private keys of the project without that permission. */
  otherKeys: readonly ApiKey[];
}

function parseBasic(header: string | undefined): ApiKey | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { apiKeyId: decoded.slice(0, colon), apiSecret: decoded.slice(colon + 1) };
}

const same = (a: ApiKey, b: ApiKey): boolean => a.apiKeyId === b.apiKeyId && a.apiSecret === b.apiSecret;

/**
 * Order of checks (the doc gives none): credentials first (401), then the project token (404),
 * then the key's permission (403). Checking credentials before the project keeps an anonymous
 * caller from probing which project tokens exist.
 */
export function authorizeExport(req: SandboxRequest, access: ProjectAccess): SandboxResponse | undefined {
  const header = req.headers.authorization;
  if (!header) return unauthorized('Missing Authorization header; this endpoint requires private access (Basic API key ID and secret).');
  // Public access (`Token <project token>`) is rejected: the export is a private-access call.
  const key = parseBasic(header);
  if (!key) return unauthorized('Authorization header must be Basic base64(API key ID:API secret).');
  const known = [...access.exportKeys, ...access.otherKeys];
  if (!known.some((k) => same(k, key))) return unauthorized('Invalid API key ID or API secret.');
  if (req.params.projectToken !== access.projectToken) return notFound(`Project ${req.params.projectToken ?? ''} not found.`);
  if (!access.exportKeys.some((k) => same(k, key))) {
    return forbidden('API key does not have the required permission: GDPR > Export customers.');
  }
  return undefined;
}
