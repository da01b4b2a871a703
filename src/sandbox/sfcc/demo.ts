// SFCC in demo mode, for `demo-list.ts`.
import type { sfccEnv } from '../../vendors/sfcc/config.js';
import { type DemoEnv, defineSandboxDemo } from '../demo.js';
import { createSfccSandbox } from './index.js';

export const sfccDemo = defineSandboxDemo({
  name: 'sfcc',
  vendor: 'SFCC',
  async start({ latencyMs, host }) {
    const sandbox = createSfccSandbox({ latencyMs });
    await sandbox.start(0, host);
    return sandbox;
  },
  // The token endpoint shares the sandbox's origin; in production it is Account Manager's.
  gatewayEnv: (sandbox): DemoEnv<typeof sfccEnv> => ({
    URL: sandbox.dataUrl,
    AUTH_URL: sandbox.authUrl,
    CLIENT_ID: sandbox.clientId,
    CLIENT_SECRET: sandbox.clientSecret,
  }),
});
