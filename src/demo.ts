// Demo mode: the vendor sandboxes started in-process. They are development code (their seed data
// needs @faker-js/faker, a dev dependency), so they are loaded only when demo mode runs, and a
// production install says what is missing instead of failing with a module error.
import { ConfigError } from './config.js';
import type { SandboxFleet } from './sandbox/fleet.js';

type Env = Record<string, string | undefined>;

export async function startDemo(env: Env, latencyMs: number): Promise<SandboxFleet> {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError([
      'no vendor URL is set: demo mode (in-process sandboxes) does not run with NODE_ENV=production; set at least one <VENDOR>_URL',
    ]);
  }
  let fleet: typeof import('./sandbox/fleet.js');
  try {
    fleet = await import('./sandbox/fleet.js');
  } catch (error) {
    if (isMissingPackage(error)) {
      throw new ConfigError([
        'no vendor URL is set, and demo mode needs the development install (`npm ci`, not `npm ci --omit=dev`): ' +
          'run `npm ci && npm start` from the repository, or set at least one <VENDOR>_URL',
      ]);
    }
    throw error;
  }
  return fleet.startSandboxes({ latencyMs });
}

function isMissingPackage(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND';
}
