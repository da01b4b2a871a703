import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { columnLayout, DEFAULT_ATTRIBUTES } from '../../src/vendors/bloomreach/attributes.js';

const BASE = {
  BLOOMREACH_URL: 'http://bloomreach.test',
  BLOOMREACH_PROJECT_TOKEN: 'token',
  BLOOMREACH_API_KEY_ID: 'key',
  BLOOMREACH_API_SECRET: 'secret',
};

function problemsOf(env: Record<string, string>): string {
  try {
    parseConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('BLOOMREACH_ATTRIBUTES', () => {
  it('defaults to the built-in list, whose columns feed the same fields as before', () => {
    const config = parseConfig(BASE).bloomreach;
    expect(config?.attributes).toBeUndefined();
    expect(config?.exportTimeoutMs).toBe(300_000);
    const layout = columnLayout(config?.attributes);
    expect(layout.request.list).toEqual([
      { type: 'id', id: 'registered' },
      { type: 'id', id: 'cookie' },
      ...['email', 'first_name', 'last_name', 'phone', 'city', 'country', 'created_ts'].map((property) => ({ type: 'property', property })),
    ]);
    expect(layout.roles).toEqual({ customId: 0, email: 2, firstName: 3, lastName: 4, phone: 5, createdAt: 8 });
    expect(layout.rest).toEqual([
      ['cookie', 1],
      ['city', 6],
      ['country', 7],
    ]);
    expect(layout.width).toBe(DEFAULT_ATTRIBUTES.length);
  });

  it('takes a tenant list with roles, in its own order', () => {
    const list = [
      { type: 'property', property: 'mail', role: 'email' },
      { type: 'id', id: 'crm_id', role: 'customId' },
      { type: 'id', id: 'email' },
      { type: 'property', property: 'updated', role: 'updatedAt' },
    ];
    const config = parseConfig({ ...BASE, BLOOMREACH_ATTRIBUTES: JSON.stringify(list) }).bloomreach;
    expect(config?.attributes).toEqual(list);
    const layout = columnLayout(config?.attributes);
    expect(layout.ids).toEqual([
      { name: 'crm_id', column: 1 },
      { name: 'email', column: 2 },
    ]);
    expect(layout.roles).toEqual({ email: 0, customId: 1, updatedAt: 3 });
    expect(layout.rest).toEqual([['email', 2]]);
  });

  it.each([
    ['not JSON', '[{', /BLOOMREACH_ATTRIBUTES: must be JSON/],
    ['an empty list', '[]', /at least one attribute/],
    ['no identifier', '[{"type":"property","property":"email"}]', /at least one identifier/],
    ['an unknown role', '[{"type":"id","id":"registered","role":"nickname"}]', /BLOOMREACH_ATTRIBUTES\.0\.role/],
    ['a misspelt key', '[{"type":"id","name":"registered"}]', /BLOOMREACH_ATTRIBUTES\.0/],
    ['an empty name', '[{"type":"id","id":""}]', /BLOOMREACH_ATTRIBUTES\.0/],
    [
      'a role twice',
      '[{"type":"id","id":"a","role":"customId"},{"type":"id","id":"b","role":"customId"}]',
      /1\.role: role customId is given twice/,
    ],
    ['a name twice without a role', '[{"type":"id","id":"a"},{"type":"property","property":"a"}]', /1: a is listed twice without a role/],
  ])('rejects %s, naming the variable', (_name, value, expected) => {
    expect(problemsOf({ BLOOMREACH_ATTRIBUTES: value })).toMatch(expected);
  });
});

describe('BLOOMREACH_EXPORT_TIMEOUT_MS', () => {
  it('takes a positive number of milliseconds and rejects anything else', () => {
    expect(parseConfig({ ...BASE, BLOOMREACH_EXPORT_TIMEOUT_MS: '1' }).bloomreach?.exportTimeoutMs).toBe(1);
    expect(problemsOf({ BLOOMREACH_EXPORT_TIMEOUT_MS: '0' })).toMatch(/BLOOMREACH_EXPORT_TIMEOUT_MS/);
    expect(problemsOf({ BLOOMREACH_EXPORT_TIMEOUT_MS: 'soon' })).toMatch(/BLOOMREACH_EXPORT_TIMEOUT_MS/);
  });
});
