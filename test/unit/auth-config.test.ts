import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const key = (entry: Record<string, unknown>) => JSON.stringify([{ name: 'a', key: 'k'.repeat(16), scopes: ['*:read'], ...entry }]);

describe('security settings', () => {
  it('accepts well-formed keys and reads their scopes', () => {
    const config = parseConfig({ GATEWAY_API_KEYS: key({ scopes: ['pimcore:read', 'synerise:write'] }) });
    expect([...(config.security.auth.apiKeys[0]?.scopes ?? [])]).toEqual(['pimcore:read', 'synerise:write']);
  });

  it('refuses unknown scopes, a key that is too short, and key with keyHash, naming the entry but never the key', () => {
    expect(problemsOf({ GATEWAY_API_KEYS: key({ scopes: ['pimcore:reed'] }) }).join()).toMatch(/GATEWAY_API_KEYS\[0\.scopes\.0\]/);
    expect(problemsOf({ GATEWAY_API_KEYS: key({ scopes: ['PIMCORE:read'] }) })).toHaveLength(1);
    const short = problemsOf({ GATEWAY_API_KEYS: key({ key: 'k'.repeat(15) }) });
    expect(short.join()).toMatch(/at least 16/);
    expect(problemsOf({ GATEWAY_API_KEYS: key({ key: 'k'.repeat(16) }) })).toEqual([]);
    const both = problemsOf({ GATEWAY_API_KEYS: key({ keyHash: 'a'.repeat(64) }) });
    expect(both.join()).toMatch(/exactly one of key and keyHash/);
    expect(both.join()).not.toContain('k'.repeat(16));
  });

  it('refuses duplicate key names (they identify clients), bad JSON, and both JWT key sources', () => {
    const twice = JSON.stringify([
      { name: 'a', key: 'k'.repeat(16), scopes: [] },
      { name: 'a', key: 'j'.repeat(16), scopes: [] },
    ]);
    expect(problemsOf({ GATEWAY_API_KEYS: twice }).join()).toMatch(/used twice/);
    expect(problemsOf({ GATEWAY_API_KEYS: '[{' })).toEqual(['GATEWAY_API_KEYS: must be JSON']);
    expect(problemsOf({ GATEWAY_JWT_SECRET: 's'.repeat(32), GATEWAY_JWT_JWKS: 'https://id.example.com/jwks' }).join()).toMatch(/not both/);
    expect(problemsOf({ GATEWAY_JWT_SECRET: 's'.repeat(31) }).join()).toMatch(/GATEWAY_JWT_SECRET/);
  });

  it('CORS origins must be exact origins; production switches GraphiQL and introspection off unless enabled', () => {
    expect(problemsOf({ GATEWAY_CORS_ORIGINS: '*' })).toHaveLength(1);
    expect(problemsOf({ GATEWAY_CORS_ORIGINS: 'https://a.example.com/path' })).toHaveLength(1);
    expect(parseConfig({ GATEWAY_CORS_ORIGINS: 'https://a.example.com, http://localhost:3000' }).security.corsOrigins).toEqual([
      'https://a.example.com',
      'http://localhost:3000',
    ]);
    expect(parseConfig({ NODE_ENV: 'production' }).security).toMatchObject({ graphiql: false, introspection: false });
    expect(parseConfig({ NODE_ENV: 'production', GATEWAY_GRAPHIQL: 'true' }).security).toMatchObject({
      graphiql: true,
      introspection: false,
    });
    expect(parseConfig({}).security).toMatchObject({ graphiql: true, introspection: true });
  });

  it('collects every vendor credential and host for scrubbing', () => {
    const { secrets } = parseConfig({
      PIMCORE_URL: 'https://cmf.internal.example:8443/webservice',
      PIMCORE_API_KEY: 'pimcore-secret',
    }).security;
    expect(secrets).toEqual(expect.arrayContaining(['pimcore-secret', 'cmf.internal.example:8443', 'cmf.internal.example']));
  });
});
