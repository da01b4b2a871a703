// LOG_LEVEL, LOG_PRETTY, METRICS_PORT and the OpenTelemetry variables: parsed, defaulted, refused.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

const BASE = { GATEWAY_AUTH: 'none' };

describe('observability settings', () => {
  it('default to info-level JSON logs, /metrics on the gateway port and no tracing', () => {
    expect(parseConfig(BASE).observability).toEqual({
      logLevel: 'info',
      logPretty: false,
      metricsPort: undefined,
      otlpEndpoint: undefined,
      serviceName: 'cdp-gateway',
    });
  });

  it('make logs pretty by default with NODE_ENV=development only, and let LOG_PRETTY decide either way', () => {
    expect(parseConfig({ ...BASE, NODE_ENV: 'development' }).observability.logPretty).toBe(true);
    expect(parseConfig({ ...BASE, NODE_ENV: 'development', LOG_PRETTY: 'false' }).observability.logPretty).toBe(false);
    expect(parseConfig({ ...BASE, NODE_ENV: 'production', LOG_PRETTY: 'true' }).observability.logPretty).toBe(true);
  });

  it('read the level, the metrics port and the OTLP endpoint', () => {
    const config = parseConfig({
      ...BASE,
      LOG_LEVEL: 'debug',
      METRICS_PORT: '9464',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'gw-eu',
    }).observability;
    expect(config).toMatchObject({ logLevel: 'debug', metricsPort: 9464, otlpEndpoint: 'http://collector:4318', serviceName: 'gw-eu' });
  });

  it('accept METRICS_PORT from 1 to 65535 and refuse bad values all at once', () => {
    expect(parseConfig({ ...BASE, METRICS_PORT: '1' }).observability.metricsPort).toBe(1);
    expect(parseConfig({ ...BASE, METRICS_PORT: '65535' }).observability.metricsPort).toBe(65_535);
    let error: unknown;
    try {
      parseConfig({ ...BASE, METRICS_PORT: '65536', LOG_LEVEL: 'loud', LOG_PRETTY: 'yes', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(['LOG_LEVEL', 'LOG_PRETTY', 'METRICS_PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT']);
    expect(() => parseConfig({ ...BASE, METRICS_PORT: '0' })).toThrow(/METRICS_PORT/);
  });
});
