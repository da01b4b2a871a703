// OAuth 2.0 client-credentials grant (what Account Manager offers for server-to-server calls) and
// the Bearer check every Data API call goes through.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../harness.js';
import { fault } from './faults.js';

export interface TokenOptions {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  now: () => number;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(status: number, error: string, description: string): SandboxResponse {
  return { status, body: { error, error_description: description }, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
}

export class TokenStore {
  private readonly tokens = new Map<string, number>();

  constructor(private readonly options: TokenOptions) {}

  get size(): number {
    return this.tokens.size;
  }

  /** Makes every issued token expired, to exercise a client's refresh-on-401 path. */
  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** `POST /dw/oauth2/access_token` with Basic client_id:client_secret and `grant_type=client_credentials`. */
  readonly tokenHandler = (req: SandboxRequest): SandboxResponse => {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const decoded = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0 || !same(decoded.slice(0, colon), this.options.clientId) || !same(decoded.slice(colon + 1), this.options.clientSecret)) {
      return {
        ...oauthError(401, 'invalid_client', 'Client authentication failed'),
        headers: { 'www-authenticate': 'Basic realm="oauth2"', 'cache-control': 'no-store' },
      };
    }
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(req.bodyText);
    const grant = form.get('grant_type');
    if (!grant) return oauthError(400, 'invalid_request', 'Missing grant_type parameter');
    if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type '${grant}'`);
    const token = randomUUID();
    this.tokens.set(token, this.options.now() + this.options.tokenTtlSeconds * 1000);
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: { access_token: token, scope: '', token_type: 'Bearer', expires_in: this.options.tokenTtlSeconds },
    };
  };

  /** Data API guard: 401 fault unless a live Bearer token is sent. */
  readonly authenticate = (req: SandboxRequest): SandboxResponse | undefined => {
    const header = req.headers.authorization;
    // The doc's cartridge samples send the bare token; OCAPI expects the Bearer scheme, so we do too.
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const unauthorized = (message: string) => ({
      ...fault(401, 'InvalidAccessTokenException', message),
      headers: { 'www-authenticate': 'Bearer' },
    });
    if (!m?.[1]) return unauthorized('The request is unauthorized. An access token is required (Authorization: Bearer <token>).');
    const expiresAt = this.tokens.get(m[1]);
    if (expiresAt === undefined) return unauthorized('The request is unauthorized, the access token is invalid.');
    if (expiresAt <= this.options.now()) return unauthorized('The request is unauthorized, the access token has expired.');
    return undefined;
  };
}
