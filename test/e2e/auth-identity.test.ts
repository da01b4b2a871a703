// Who may call: API keys and JWTs are checked before the body is parsed; anything else is a 401
// with `WWW-Authenticate: Bearer`, an UNAUTHENTICATED error body and no vendor call.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

const HASHED_KEY = 'hashed-key-0123456789abcdef';
const SECRET = 'jwt-secret-for-tests-0123456789abcdef';
const ISSUER = 'https://id.example.com/';
const AUDIENCE = 'cdp-gateway';
const QUERY = '{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }';

const t = useTestGateway({
  only: ['pimcore'],
  env: {
    GATEWAY_API_KEYS: JSON.stringify([
      { name: 'hashed', keyHash: createHash('sha256').update(HASHED_KEY).digest('hex'), scopes: ['pimcore:read'] },
    ]),
    GATEWAY_JWT_SECRET: SECRET,
    GATEWAY_JWT_ISSUER: ISSUER,
    GATEWAY_JWT_AUDIENCE: AUDIENCE,
    GATEWAY_JWT_CLOCK_SKEW_S: '30',
  },
});

beforeEach(() => t.pimcore.resetCalls());

async function call(headers: Record<string, string>, body: string = JSON.stringify({ query: QUERY })) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const json = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: json };
}

const now = () => Math.floor(Date.now() / 1000);

function token(claims: JWTPayload, options: { secret?: string; iss?: string; aud?: string } = {}) {
  return new SignJWT({ scope: 'pimcore:read', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

async function expectRefused(headers: Record<string, string>, reason: RegExp, body?: string) {
  const res = await call(headers, body);
  expect(res.status).toBe(401);
  expect(res.challenge).toMatch(/^Bearer realm="cdp-gateway"/);
  expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors?.[0]?.message).toMatch(reason);
  expect(t.pimcore.calls()).toBe(0);
}

describe('API keys', () => {
  it('missing credentials: 401 before parsing (even a body that is not JSON), no vendor call', async () => {
    await expectRefused({}, /Send an API key/);
    await expectRefused({}, /Send an API key/, '{ not json');
  });

  it('a wrong key is refused, and the response never echoes it', async () => {
    const res = await call({ authorization: 'Bearer wrong-key-0123456789' });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain('wrong-key');
    await expectRefused({ 'x-api-key': `${HASHED_KEY}x` }, /not valid/);
    await expectRefused({ authorization: `Basic ${HASHED_KEY}` }, /Bearer/);
  });

  it('a key configured by its sha256 is accepted as Bearer or X-API-Key', async () => {
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${HASHED_KEY}` }, { 'x-api-key': HASHED_KEY }];
    for (const headers of variants) {
      const res = await call(headers);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
    expect(t.pimcore.calls()).toBeGreaterThan(0);
  });

  it('two different credentials in one request are refused', async () => {
    await expectRefused({ authorization: `Bearer ${HASHED_KEY}`, 'x-api-key': 'other-0123456789abcdef' }, /disagree/);
  });
});

describe('JWTs (HS256)', () => {
  it('a valid token is accepted with the scopes of its scope claim', async () => {
    const res = await call({ authorization: `Bearer ${await token({ exp: now() + 60 })}` });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('scopes as an array claim work too; a token without the scope gets FORBIDDEN and no call', async () => {
    const ok = await call({ authorization: `Bearer ${await token({ exp: now() + 60, scope: ['openid', 'pimcore:read'] })}` });
    expect(ok.body.errors).toBeUndefined();
    t.pimcore.resetCalls();
    const res = await call({ authorization: `Bearer ${await token({ exp: now() + 60, scope: 'synerise:read openid' })}` });
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(t.pimcore.calls()).toBe(0);
  });

  // Either side of the 30 s skew, with a margin a loaded CI machine cannot eat between signing and verifying.
  it('expiry at the boundary of the clock skew: 20 s ago is accepted, 40 s ago is refused', async () => {
    expect((await call({ authorization: `Bearer ${await token({ exp: now() - 20 })}` })).status).toBe(200);
    t.pimcore.resetCalls();
    await expectRefused({ authorization: `Bearer ${await token({ exp: now() - 40 })}` }, /expired/);
  });

  it('not yet valid beyond the skew is refused; within it, accepted', async () => {
    expect((await call({ authorization: `Bearer ${await token({ exp: now() + 600, nbf: now() + 20 })}` })).status).toBe(200);
    t.pimcore.resetCalls();
    await expectRefused({ authorization: `Bearer ${await token({ exp: now() + 600, nbf: now() + 40 })}` }, /not valid yet/);
  });

  it('wrong issuer, wrong audience, wrong signature, no expiry: refused', async () => {
    await expectRefused({ authorization: `Bearer ${await token({ exp: now() + 60 }, { iss: 'https://evil.example.com/' })}` }, /issuer/);
    await expectRefused({ authorization: `Bearer ${await token({ exp: now() + 60 }, { aud: 'other-api' })}` }, /audience/);
    await expectRefused(
      { authorization: `Bearer ${await token({ exp: now() + 60 }, { secret: 'another-secret-0123456789abcdefghij' })}` },
      /not valid/,
    );
    await expectRefused({ authorization: `Bearer ${await token({})}` }, /exp/);
  });

  it('an unsigned token (alg none) is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', exp: now() + 60, iss: ISSUER, aud: AUDIENCE, scope: '*:read' })).toString(
      'base64url',
    );
    await expectRefused({ authorization: `Bearer ${header}.${payload}.` }, /not valid/);
  });
});

describe('JWTs from a local JWKS file', () => {
  let jwksFile = '';
  let sign: (claims: JWTPayload) => Promise<string>;
  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwksFile = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('app-user').setExpirationTime('1m').sign(privateKey);
  });

  it('verifies ES256 tokens against the file and refuses an HS256 token signed with a guessable secret', async () => {
    const { withTestGateway } = await import('../support/gateway.js');
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_JWT_JWKS: jwksFile } }, async (g) => {
      const ok = await g.post(QUERY, undefined, { authorization: `Bearer ${await sign({ scope: '*:read' })}` });
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
      const forged = await new SignJWT({ scope: '*:read' })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setSubject('x')
        .setExpirationTime('1m')
        .sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef'));
      const refused = await g.post(QUERY, undefined, { authorization: `Bearer ${forged}` });
      expect(refused.status).toBe(401);
    });
  });
});

describe('JWTs from a remote JWKS', () => {
  it('answers 503 AUTH_UNAVAILABLE while the JWKS cannot be fetched, and accepts the token once it can', async () => {
    const { createServer } = await import('node:http');
    const { withTestGateway } = await import('../support/gateway.js');
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'r1', alg: 'ES256', use: 'sig' }] });
    let up = false;
    let fetches = 0;
    const idp = createServer((_req, res) => {
      fetches += 1;
      if (!up) res.writeHead(502).end('bad gateway');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as { port: number };
    try {
      await withTestGateway({ only: ['pimcore'], env: { GATEWAY_JWT_JWKS: `http://127.0.0.1:${port}/jwks.json` } }, async (g) => {
        const token = await new SignJWT({ scope: '*:read' })
          .setProtectedHeader({ alg: 'ES256', kid: 'r1' })
          .setSubject('app-user')
          .setExpirationTime('1m')
          .sign(privateKey);
        g.pimcore.resetCalls();
        const down = await g.gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: QUERY }),
        });
        expect(down.status).toBe(503);
        expect(down.headers.get('retry-after')).toBe('5');
        const body = (await down.json()) as { errors: { extensions: { code: string; retryable: boolean } }[] };
        expect(body.errors[0]?.extensions).toEqual({ code: 'AUTH_UNAVAILABLE', retryable: true });
        expect(g.pimcore.calls()).toBe(0);
        expect(fetches).toBe(1);

        up = true;
        const ok = await g.post(QUERY, undefined, { authorization: `Bearer ${token}` });
        expect(ok.status).toBe(200);
        expect(ok.body.errors).toBeUndefined();
        expect(fetches).toBe(2);
        // A token the fetched keys do not verify is the client's fault again: 401, not 503.
        const other = await generateKeyPair('ES256');
        const forged = await new SignJWT({ scope: '*:read' })
          .setProtectedHeader({ alg: 'ES256', kid: 'r1' })
          .setSubject('x')
          .setExpirationTime('1m')
          .sign(other.privateKey);
        expect((await g.post(QUERY, undefined, { authorization: `Bearer ${forged}` })).status).toBe(401);
      });
    } finally {
      await new Promise<void>((resolve) => idp.close(() => resolve()));
    }
  });
});
