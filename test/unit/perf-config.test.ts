import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('GATEWAY_JIT', () => {
  it('is on unless switched off', () => {
    expect(parseConfig({}).perf.jit).toBe(true);
    expect(parseConfig({ GATEWAY_JIT: 'true' }).perf.jit).toBe(true);
    expect(parseConfig({ GATEWAY_JIT: 'false' }).perf.jit).toBe(false);
  });

  it('refuses anything but true or false', () => {
    expect(() => parseConfig({ GATEWAY_JIT: 'off' })).toThrow(ConfigError);
  });
});
