import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { columnLayout, DEFAULT_ATTRIBUTES } from '../../src/vendors/bloomreach/attributes.js';
import { bloomreachEnv, DEFAULT_LOCAL_MAX_BYTES } from '../../src/vendors/bloomreach/config.js';

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

describe('BLOOMREACH_LOCAL_MAX_BYTES and BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES', () => {
  const MiB = 2 ** 20;
  const local = (env: Record<string, string>) => parseConfig({ ...BASE, ...env }).bloomreach?.local;

  it('default to 384 MiB for the process and half of it, 192 MiB, for one snapshot', () => {
    expect(local({})).toEqual({ maxBytes: 384 * MiB, maxSnapshotBytes: 192 * MiB });
    expect(DEFAULT_LOCAL_MAX_BYTES).toBe(384 * MiB);
  });

  it('take a number of bytes each', () => {
    expect(local({ BLOOMREACH_LOCAL_MAX_BYTES: '1000000', BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: '250000' })).toEqual({
      maxBytes: 1_000_000,
      maxSnapshotBytes: 250_000,
    });
    // The cap alone leaves the budget at its default.
    expect(local({ BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: '4096' })).toEqual({ maxBytes: 384 * MiB, maxSnapshotBytes: 4096 });
  });

  it.each([
    ['raised', 512 * MiB, 256 * MiB],
    ['lowered below the 192 MiB a fixed default had', 192 * MiB - 1, 96 * MiB - 1],
    ['odd (rounded down)', 1_000_001, 500_000],
    ['one byte (the cap stays a byte)', 1, 1],
  ])('without a snapshot cap set, take half of a budget %s, with no problem reported', (_name, budget, cap) => {
    expect(problemsOf({ BLOOMREACH_LOCAL_MAX_BYTES: String(budget) })).toBe('');
    expect(local({ BLOOMREACH_LOCAL_MAX_BYTES: String(budget) })).toEqual({ maxBytes: budget, maxSnapshotBytes: cap });
  });

  it.each(['0', '-1', '1.5', '64MiB', 'lots'])('refuse %s, naming the variable', (value) => {
    for (const name of ['BLOOMREACH_LOCAL_MAX_BYTES', 'BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES']) {
      const problems = problemsOf({ [name]: value });
      expect(problems.split('\n')).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
    }
  });

  it('refuse a snapshot cap one byte over the process budget, naming both variables; equal and one under are accepted', () => {
    const budget = 10 * MiB;
    const withCap = (cap: number) => ({ BLOOMREACH_LOCAL_MAX_BYTES: String(budget), BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: String(cap) });
    expect(problemsOf(withCap(budget + 1))).toBe(
      `BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: must not exceed BLOOMREACH_LOCAL_MAX_BYTES (${budget + 1} > ${budget})`,
    );
    expect(local(withCap(budget))).toEqual({ maxBytes: budget, maxSnapshotBytes: budget });
    expect(local(withCap(budget - 1))).toEqual({ maxBytes: budget, maxSnapshotBytes: budget - 1 });
  });

  it('compare a cap set alone against the default budget, one byte over and exactly at it', () => {
    expect(problemsOf({ BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: String(384 * MiB + 1) })).toBe(
      `BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: must not exceed BLOOMREACH_LOCAL_MAX_BYTES (${384 * MiB + 1} > ${384 * MiB})`,
    );
    expect(local({ BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: String(384 * MiB) })).toEqual({ maxBytes: 384 * MiB, maxSnapshotBytes: 384 * MiB });
  });

  it('document the cap as following the budget (the README table shows no fixed default for it)', () => {
    const cap = bloomreachEnv.variables.LOCAL_SNAPSHOT_MAX_BYTES;
    expect(cap.parse(undefined)).toBeUndefined();
    expect(cap.description).toMatch(/default: half of BLOOMREACH_LOCAL_MAX_BYTES$/);
  });

  it('report the broken rule with the other variables’ problems, in one ConfigError at startup', () => {
    let error: unknown;
    try {
      parseConfig({ ...BASE, BLOOMREACH_LOCAL_MAX_BYTES: '100', BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: '200', PORT: 'eighty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^PORT: /),
      'BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: must not exceed BLOOMREACH_LOCAL_MAX_BYTES (200 > 100)',
    ]);
    expect((error as ConfigError).message).toContain(
      '\n  - BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: must not exceed BLOOMREACH_LOCAL_MAX_BYTES (200 > 100)',
    );
  });
});
