// Synerise in demo mode, for `demo-list.ts`.
import type { syneriseEnv } from '../../vendors/synerise/config.js';
import { type DemoEnv, defineSandboxDemo } from '../demo.js';
import { createSyneriseSandbox } from './index.js';

export const syneriseDemo = defineSandboxDemo({
  name: 'synerise',
  vendor: 'SYNERISE',
  async start({ latencyMs, host }) {
    const sandbox = createSyneriseSandbox({ latencyMs });
    await sandbox.start(0, host);
    return sandbox;
  },
  // The sandbox serves every API family from one origin, as api.synerise.com does.
  gatewayEnv: (sandbox): DemoEnv<typeof syneriseEnv> => ({
    URL: sandbox.url,
    API_KEY: sandbox.apiKey,
    // No documented call lists segmentations; a deployment copies them from the Synerise app.
    SEGMENTATIONS: JSON.stringify(sandbox.segmentations),
  }),
});
