// Pimcore in demo mode, for `demo-list.ts`.
import type { pimcoreEnv } from '../../vendors/pimcore/config.js';
import { type DemoEnv, defineSandboxDemo } from '../demo.js';
import { createPimcoreSandbox } from './index.js';

export const pimcoreDemo = defineSandboxDemo({
  name: 'pimcore',
  vendor: 'PIMCORE',
  async start({ latencyMs, host }) {
    const sandbox = createPimcoreSandbox({ latencyMs });
    await sandbox.start(0, host);
    return sandbox;
  },
  gatewayEnv: (sandbox): DemoEnv<typeof pimcoreEnv> => ({ URL: sandbox.url, API_KEY: sandbox.apiKey }),
});
