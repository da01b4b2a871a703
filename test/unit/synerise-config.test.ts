// SYNERISE_SEGMENTATIONS: the segmentations a workspace exposes, since the reference has no call
// that lists or names them.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

const BASE = { SYNERISE_URL: 'https://api.synerise.com', SYNERISE_API_KEY: 'key' };
const VIP = { id: '6b1f7c2d-3e4a-4b6c-9d7e-8f9a0b1c2d3e', name: 'VIP customers' };

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('SYNERISE_SEGMENTATIONS', () => {
  it('defaults to none', () => {
    expect(parseConfig(BASE).synerise?.segmentations).toEqual([]);
  });

  it('reads a JSON list of {id, name}', () => {
    expect(parseConfig({ ...BASE, SYNERISE_SEGMENTATIONS: JSON.stringify([VIP]) }).synerise?.segmentations).toEqual([VIP]);
  });

  it('names the variable when the value is not JSON, or an id is not a UUID, or a name is missing', () => {
    expect(problems({ ...BASE, SYNERISE_SEGMENTATIONS: '[{id:' })).toEqual(['SYNERISE_SEGMENTATIONS: must be JSON']);
    expect(problems({ ...BASE, SYNERISE_SEGMENTATIONS: JSON.stringify([{ id: 'vip', name: 'VIP' }]) })).toEqual([
      'SYNERISE_SEGMENTATIONS.0.id: must be a segmentation UUID',
    ]);
    expect(problems({ ...BASE, SYNERISE_SEGMENTATIONS: JSON.stringify([{ id: VIP.id }]) })[0]).toMatch(
      /^SYNERISE_SEGMENTATIONS\.0\.name: /,
    );
  });
});
