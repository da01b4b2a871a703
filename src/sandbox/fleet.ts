// Starts the vendor emulators together and says how to point the gateway at them (as the same
// environment variables a real deployment sets), for demo mode, tests and benchmarks.
import { type BloomreachSandbox, createBloomreachSandbox } from './bloomreach/index.js';
import { createMauticSandbox, type MauticSandbox } from './mautic/index.js';
import { createPimcoreSandbox, type PimcoreSandbox } from './pimcore/index.js';
import { createSfccSandbox, type SfccSandbox } from './sfcc/index.js';
import { createSyneriseSandbox, type SyneriseSandbox } from './synerise/index.js';

export type SandboxName = 'pimcore' | 'synerise' | 'bloomreach' | 'mautic' | 'sfcc';

export interface FleetOptions {
  /** Which sandboxes to start; all when omitted. */
  only?: SandboxName[];
  latencyMs?: number;
  host?: string;
}

export interface SandboxFleet {
  pimcore?: PimcoreSandbox;
  synerise?: SyneriseSandbox;
  bloomreach?: BloomreachSandbox;
  mautic?: MauticSandbox;
  sfcc?: SfccSandbox;
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
    if (wanted('synerise')) {
      const synerise = createSyneriseSandbox({ latencyMs });
      await synerise.start(0, options.host);
      started.push(synerise);
      fleet.synerise = synerise;
      // The sandbox serves every API family from one origin, as api.synerise.com does.
      Object.assign(fleet.env, {
        SYNERISE_URL: synerise.url,
        SYNERISE_API_KEY: synerise.apiKey,
        // No documented call lists segmentations; a deployment copies them from the Synerise app.
        SYNERISE_SEGMENTATIONS: JSON.stringify(synerise.segmentations),
      });
    }
    if (wanted('bloomreach')) {
      // Export pacing scales with the fleet latency: 0 in tests, about the sandbox defaults (50 ms
      // before the first byte, 5 ms per 1,000 rows) at the demo's 5 ms.
      const bloomreach = createBloomreachSandbox({ latencyMs, exportDelayMs: latencyMs * 10, msPer1000Rows: latencyMs });
      await bloomreach.start(0, options.host);
      started.push(bloomreach);
      fleet.bloomreach = bloomreach;
      Object.assign(fleet.env, {
        BLOOMREACH_URL: bloomreach.url,
        BLOOMREACH_PROJECT_TOKEN: bloomreach.projectToken,
        BLOOMREACH_API_KEY_ID: bloomreach.apiKeyId,
        BLOOMREACH_API_SECRET: bloomreach.apiSecret,
        // The export API cannot list segmentations; a deployment copies them from the Bloomreach app.
        BLOOMREACH_SEGMENTATIONS: JSON.stringify(bloomreach.segmentations),
      });
    }
    if (wanted('mautic')) {
      const mautic = createMauticSandbox({ latencyMs });
      await mautic.start(0, options.host);
      started.push(mautic);
      fleet.mautic = mautic;
      Object.assign(fleet.env, { MAUTIC_URL: mautic.url, MAUTIC_USERNAME: mautic.username, MAUTIC_PASSWORD: mautic.password });
    }
    if (wanted('sfcc')) {
      const sfcc = createSfccSandbox({ latencyMs });
      await sfcc.start(0, options.host);
      started.push(sfcc);
      fleet.sfcc = sfcc;
      // The token endpoint shares the sandbox's origin; in production it is Account Manager's.
      Object.assign(fleet.env, {
        SFCC_URL: sfcc.dataUrl,
        SFCC_AUTH_URL: sfcc.authUrl,
        SFCC_CLIENT_ID: sfcc.clientId,
        SFCC_CLIENT_SECRET: sfcc.clientSecret,
      });
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
