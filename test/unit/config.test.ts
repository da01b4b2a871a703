import { describe, expect, it } from 'vitest';
import { ConfigError, configuredVendors, parseConfig } from '../../src/config.js';

describe('parseConfig', () => {
  it('enables nothing and defaults the port when no vendor is set', () => {
    const config = parseConfig({});
    expect(config.port).toBe(4000);
    expect(configuredVendors(config)).toEqual([]);
  });

  it('enables a vendor when its URL and credentials are set, with pool defaults', () => {
    const config = parseConfig({ PIMCORE_URL: 'http://cmf.local/webservice/cmf', PIMCORE_API_KEY: 'k', PIMCORE_TIMEOUT_MS: '2500' });
    expect(config.pimcore).toMatchObject({ url: 'http://cmf.local/webservice/cmf', apiKey: 'k', timeoutMs: 2500, maxConnections: 16 });
    expect(configuredVendors(config)).toEqual(['PIMCORE']);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', PIMCORE_URL: 'ftp://x', SFCC_URL: 'http://sfcc.local/dw/data/v19_10', MAUTIC_TIMEOUT_MS: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/PIMCORE_URL/);
    expect(problems).toMatch(/MAUTIC_TIMEOUT_MS/);
    expect(problems).toMatch(/SFCC_CLIENT_ID: required when SFCC_URL is set/);
    expect(problems).toMatch(/SFCC_AUTH_URL: required when SFCC_URL is set/);
  });

  it('defaults the shutdown budget and takes a timeout one over the drain plus the request deadline, not equal to it', () => {
    expect(parseConfig({}).shutdown).toEqual({ drainMs: 0, timeoutMs: 20_000 });
    const env = { SHUTDOWN_DRAIN_MS: '3000', GATEWAY_REQUEST_TIMEOUT_MS: '15000' };
    expect(parseConfig({ ...env, SHUTDOWN_TIMEOUT_MS: '18001' }).shutdown).toEqual({ drainMs: 3000, timeoutMs: 18_001 });
    expect(() => parseConfig({ ...env, SHUTDOWN_TIMEOUT_MS: '18000' })).toThrow(
      /SHUTDOWN_TIMEOUT_MS: must be greater than SHUTDOWN_DRAIN_MS \+ GATEWAY_REQUEST_TIMEOUT_MS/,
    );
    expect(() => parseConfig({ SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('never echoes secret values in its messages', () => {
    try {
      parseConfig({ PIMCORE_URL: 'http://x', PIMCORE_API_KEY: 'super-secret-key', PIMCORE_MAX_CONNECTIONS: 'lots' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('super-secret-key');
    }
  });
});
