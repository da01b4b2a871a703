// HTTP Basic auth, which Mautic accepts once "Enable HTTP basic auth" is on in API settings.
import { timingSafeEqual } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../harness.js';
import { singleError } from './errors.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function basicAuthenticator(username: string, password: string): (req: SandboxRequest) => SandboxResponse | undefined {
  return (req) => {
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+(\S+)$/i.exec(header);
    if (m?.[1]) {
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0 && same(decoded.slice(0, colon), username) && same(decoded.slice(colon + 1), password)) return undefined;
    }
    const denied = singleError(401, 'API authorization denied.');
    return { ...denied, headers: { 'www-authenticate': 'Basic realm="Mautic"' } };
  };
}
