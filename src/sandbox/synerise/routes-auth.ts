// Workspace login (API key → JWT) and the bearer check every other route goes through.
import { json, type SandboxHandler, type SandboxRequest, type SandboxResponse, type SandboxRoute } from '../harness.js';
import { isRecord, type SyneriseContext } from './context.js';
import { springError, validationError } from './errors.js';

/** Path from help.synerise.com and the php-sdk's WorkspaceAccessTokenProvider (the doc lost it). */
export const WORKSPACE_LOGIN_PATH = '/uauth/v2/auth/login/profile';

export function authRoutes(ctx: SyneriseContext): SandboxRoute[] {
  const login: SandboxHandler = (req) => {
    const parsed = req.json();
    const apiKey = parsed.ok && isRecord(parsed.value) ? parsed.value.apiKey : undefined;
    if (typeof apiKey !== 'string' || apiKey === '') {
      return validationError(req.path, [{ code: 120, field: 'apiKey', message: 'must not be blank', rejectedValue: apiKey ?? null }]);
    }
    // The docs say a bad credential gets "HTTP 401 Unauthorized or HTTP 403 Forbidden"; 401 here.
    if (apiKey !== ctx.apiKey) return springError(401, 'Bad credentials', req.path);
    return json(200, { token: ctx.tokens.issue() });
  };
  return [{ method: 'POST', pattern: WORKSPACE_LOGIN_PATH, public: true, handler: login }];
}

/** `Authorization: Bearer <JWT>`; failures answer 401 in the Spring error format. */
export function authenticate(ctx: SyneriseContext): (req: SandboxRequest) => SandboxResponse | undefined {
  return (req) => {
    const raw = req.headers.authorization;
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (!header) return springError(401, 'Full authentication is required to access this resource', req.path);
    const match = /^Bearer (\S+)$/.exec(header.trim());
    if (!match?.[1]) return springError(401, 'Invalid authorization header; expected "Bearer <token>"', req.path);
    const result = ctx.tokens.verify(match[1]);
    if (result.ok) return undefined;
    return springError(401, result.reason === 'expired' ? 'Token expired' : 'Invalid token', req.path);
  };
}
