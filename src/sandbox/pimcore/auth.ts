// API-key authentication of the CMF webservice firewall (WebserviceAuthenticator): the key comes
// from the `X-API-Key` header or, failing that, the `apikey` query parameter.
import type { SandboxRequest, SandboxResponse } from '../harness.js';
import { msgResponse } from './responses.js';

const DENIED = 'API request needs either a valid API key or a valid session.';

export function apiKeyAuthenticator(apiKey: string): (req: SandboxRequest) => SandboxResponse | undefined {
  return (req) => {
    const header = req.headers['x-api-key'];
    const fromHeader = Array.isArray(header) ? header[0] : header;
    // The header wins when present, so a wrong header is not rescued by a right query parameter.
    const presented = fromHeader ? fromHeader : req.query.get('apikey');
    if (presented === apiKey) return undefined;
    // Upstream throws AccessDeniedHttpException with this message (which Symfony renders as a 403);
    // the gateway contract asks for 401, and the body uses the Pimcore `{success:false, msg}` shape.
    return msgResponse(DENIED, 401);
  };
}
