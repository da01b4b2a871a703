// Starts the vendor emulators together and says how to point the gateway at them (as the same
// environment variables a real deployment sets), for demo mode, tests and benchmarks.
import { createPimcoreSandbox, type PimcoreSandbox } from './pimcore/index.js';

export type SandboxName = 'pimcore';

export interface FleetOptions {
  /** Which sandboxes to start; all when omitted. */
  only?: SandboxName[];
  latencyMs?: number;
  host?: string;
}

export interface SandboxFleet {
  pimcore?: PimcoreSandbox;
  /** Environment variables that configure the gateway against the started sandboxes. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSandboxes(options: FleetOptions = {}): Promise<SandboxFleet> {
  const wanted = (name: SandboxName) => !options.only || options.only.includes(name);
  const latencyMs = options.latencyMs ?? 0;
  const fleet: SandboxFleet = { env: {}, stop: async () => {} };
  const started: { stop(): Promise<void> }[] = [];
  try {
    if (wanted('pimcore')) {
      const pimcore = createPimcoreSandbox({ latencyMs });
      await pimcore.start(0, options.host);
      started.push(pimcore);
      fleet.pimcore = pimcore;
      Object.assign(fleet.env, { PIMCORE_URL: pimcore.url, PIMCORE_API_KEY: pimcore.apiKey });
    }
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
  fleet.stop = async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
  };
  return fleet;
}
