// Mautic in demo mode, for `demo-list.ts`.
import type { mauticEnv } from '../../vendors/mautic/config.js';
import { type DemoEnv, defineSandboxDemo } from '../demo.js';
import { createMauticSandbox } from './index.js';

export const mauticDemo = defineSandboxDemo({
  name: 'mautic',
  vendor: 'MAUTIC',
  async start({ latencyMs, host }) {
    const sandbox = createMauticSandbox({ latencyMs });
    await sandbox.start(0, host);
    return sandbox;
  },
  gatewayEnv: (sandbox): DemoEnv<typeof mauticEnv> => ({ URL: sandbox.url, USERNAME: sandbox.username, PASSWORD: sandbox.password }),
});
