// Gateway-wide security settings: who may call (API keys, JWTs), which browsers may call (CORS),
// and what a production deployment shows (GraphiQL, introspection). src/config.ts spreads
// SECURITY_ENV into its schema (so the README table documents them) and calls readSecurity.
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Scope } from './principal.js';
import { scopeSchema } from './scopes.js';

const flag = (meaning: string) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional()
    .describe(meaning);

export const SECURITY_ENV = {
  NODE_ENV: z
    .string()
    .optional()
    .describe('`production` switches GraphiQL, introspection and field suggestions off (see `GATEWAY_GRAPHIQL`, `GATEWAY_INTROSPECTION`)'),
  GATEWAY_AUTH: z
    .enum(['required', 'none'], { error: 'must be required or none' })
    .default('required')
    .describe(
      '`none` switches client authentication off: every caller may read and write every vendor (private networks only). With `required` and neither API keys nor a JWT setting, `npm start` refuses to start outside demo mode',
    ),
  GATEWAY_API_KEYS: z
    .string()
    .optional()
    .describe(
      'JSON `[{"name","key" or "keyHash" (sha256 hex),"scopes":["pimcore:read","*:write",…]}]`: API keys, sent as `Authorization: Bearer <key>` or `X-API-Key`',
    ),
  GATEWAY_API_KEYS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('path of a file holding the same JSON as `GATEWAY_API_KEYS` (both may be set)'),
  GATEWAY_JWT_JWKS: z
    .string()
    .min(1)
    .optional()
    .describe("JWKS for end-user JWTs: an https URL (fetched and cached) or a file path; the token's scopes come from its `scope` claim"),
  GATEWAY_JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('HS256 secret for end-user JWTs (instead of a JWKS)'),
  GATEWAY_JWT_ISSUER: z.string().min(1).optional().describe('required `iss` of JWTs'),
  GATEWAY_JWT_AUDIENCE: z.string().min(1).optional().describe('required `aud` of JWTs'),
  GATEWAY_JWT_CLOCK_SKEW_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(300)
    .default(30)
    .describe('seconds of clock difference tolerated on JWT `exp` and `nbf`'),
  GATEWAY_CORS_ORIGINS: z
    .string()
    .optional()
    .describe(
      'comma-separated origins (`https://app.example.com`) allowed to call from a browser, with credentials; unset: no cross-origin access',
    ),
  GATEWAY_GRAPHIQL: flag('serve GraphiQL on GET /graphql; default: on, off with `NODE_ENV=production`'),
  GATEWAY_INTROSPECTION: flag('allow introspection and field suggestions; default: on, off with `NODE_ENV=production`'),
};

export interface ApiKeyEntry {
  name: string;
  /** sha256 of the key, as raw bytes: the plain key is not kept once hashed. */
  hash: Buffer;
  scopes: ReadonlySet<Scope>;
}

export interface JwtSettings {
  /** A JWKS URL, a parsed local JWKS, or an HS256 secret. */
  key: { jwksUrl: URL } | { jwks: { keys: Record<string, unknown>[] } } | { secret: Uint8Array };
  issuer: string | undefined;
  audience: string | undefined;
  clockSkewS: number;
}

export interface SecurityConfig {
  auth: { mode: 'required' | 'none'; apiKeys: ApiKeyEntry[]; jwt: JwtSettings | undefined };
  /** Exact origins allowed to call from a browser. */
  corsOrigins: string[];
  production: boolean;
  graphiql: boolean;
  introspection: boolean;
  /** Gateway-side secrets (plain API keys, JWT secret) to scrub from vendor messages. */
  secrets: string[];
}

type SecurityEnv = z.output<z.ZodObject<typeof SECURITY_ENV>>;

const KeyEntrySchema = z
  .object({
    name: z.string().min(1),
    key: z.string().min(16, 'must be at least 16 characters').optional(),
    keyHash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be a sha256 hex digest')
      .optional(),
    scopes: z.array(scopeSchema),
  })
  .refine((e) => (e.key === undefined) !== (e.keyHash === undefined), { message: 'give exactly one of key and keyHash' });

const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) });

/** One-shot `crypto.hash`: runs per request (API-key check) and skips building a Hash object (~0.7 µs of 1.5). */
export function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

function parseKeys(source: string, text: string, problems: string[], secrets: string[]): ApiKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(`${source}: must be JSON`);
    return [];
  }
  const parsed = z.array(KeyEntrySchema).safeParse(json);
  if (!parsed.success) {
    // Issue paths and messages only: never the value, which holds keys.
    problems.push(...parsed.error.issues.map((i) => `${source}[${i.path.join('.')}]: ${i.message}`));
    return [];
  }
  return parsed.data.map((e) => {
    if (e.key) secrets.push(e.key);
    return {
      name: e.name,
      hash: e.key ? sha256(e.key) : Buffer.from(e.keyHash ?? '', 'hex'),
      scopes: new Set(e.scopes),
    };
  });
}

function readJwt(env: SecurityEnv, problems: string[], secrets: string[]): JwtSettings | undefined {
  const base = { issuer: env.GATEWAY_JWT_ISSUER, audience: env.GATEWAY_JWT_AUDIENCE, clockSkewS: env.GATEWAY_JWT_CLOCK_SKEW_S };
  if (env.GATEWAY_JWT_JWKS && env.GATEWAY_JWT_SECRET) {
    problems.push('GATEWAY_JWT_JWKS and GATEWAY_JWT_SECRET: set one, not both');
    return undefined;
  }
  if (env.GATEWAY_JWT_SECRET) {
    secrets.push(env.GATEWAY_JWT_SECRET);
    return { ...base, key: { secret: new TextEncoder().encode(env.GATEWAY_JWT_SECRET) } };
  }
  const jwks = env.GATEWAY_JWT_JWKS;
  if (!jwks) return undefined;
  if (/^https?:\/\//.test(jwks)) {
    if (!URL.canParse(jwks)) {
      problems.push('GATEWAY_JWT_JWKS: not a valid URL');
      return undefined;
    }
    return { ...base, key: { jwksUrl: new URL(jwks) } };
  }
  try {
    const parsed = JwksSchema.safeParse(JSON.parse(readFileSync(jwks, 'utf8')));
    if (!parsed.success) {
      problems.push('GATEWAY_JWT_JWKS: the file is not a JWKS ({"keys":[…]})');
      return undefined;
    }
    return { ...base, key: { jwks: parsed.data } };
  } catch {
    problems.push('GATEWAY_JWT_JWKS: cannot read the file as JSON');
    return undefined;
  }
}

export function readSecurity(env: SecurityEnv): { security: SecurityConfig; problems: string[] } {
  const problems: string[] = [];
  const secrets: string[] = [];
  const apiKeys: ApiKeyEntry[] = [];
  if (env.GATEWAY_API_KEYS) apiKeys.push(...parseKeys('GATEWAY_API_KEYS', env.GATEWAY_API_KEYS, problems, secrets));
  if (env.GATEWAY_API_KEYS_FILE) {
    let text: string | undefined;
    try {
      text = readFileSync(env.GATEWAY_API_KEYS_FILE, 'utf8');
    } catch {
      problems.push('GATEWAY_API_KEYS_FILE: cannot read the file');
    }
    if (text !== undefined) apiKeys.push(...parseKeys('GATEWAY_API_KEYS_FILE', text, problems, secrets));
  }
  const names = apiKeys.map((k) => k.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) problems.push(`GATEWAY_API_KEYS: the name "${duplicate}" is used twice (names identify clients)`);
  const jwt = readJwt(env, problems, secrets);
  const production = env.NODE_ENV === 'production';
  const corsOrigins = (env.GATEWAY_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin === '*' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      problems.push(`GATEWAY_CORS_ORIGINS: "${origin}" is not an exact origin such as https://app.example.com`);
    }
  }
  return {
    problems,
    security: {
      auth: { mode: env.GATEWAY_AUTH, apiKeys, jwt },
      corsOrigins,
      production,
      graphiql: env.GATEWAY_GRAPHIQL ?? !production,
      introspection: env.GATEWAY_INTROSPECTION ?? !production,
      secrets,
    },
  };
}

/** Why `npm start` must not serve with this configuration, or undefined. */
export function missingAuthentication(security: SecurityConfig): string | undefined {
  const { mode, apiKeys, jwt } = security.auth;
  if (mode === 'none' || apiKeys.length > 0 || jwt) return undefined;
  return [
    'No client authentication is configured, and the gateway holds write credentials for its vendors.',
    'Set one of:',
    '  GATEWAY_API_KEYS=\'[{"name":"my-app","key":"<at least 16 random characters>","scopes":["*:read"]}]\' (or GATEWAY_API_KEYS_FILE)',
    "  GATEWAY_JWT_JWKS=<https URL or file of your identity provider's JWKS> (or GATEWAY_JWT_SECRET for HS256)",
    'or GATEWAY_AUTH=none to run without client authentication on a private network.',
  ].join('\n');
}
