// Bloomreach in demo mode, for `demo-list.ts`.
import type { bloomreachEnv } from '../../vendors/bloomreach/config.js';
import { type DemoEnv, defineSandboxDemo } from '../demo.js';
import { createBloomreachSandbox } from './index.js';

export const bloomreachDemo = defineSandboxDemo({
  name: 'bloomreach',
  vendor: 'BLOOMREACH',
  async start({ latencyMs, host }) {
    // Export pacing scales with the fleet latency: 0 in tests, about the sandbox defaults (50 ms
    // before the first byte, 5 ms per 1,000 rows) at the demo's 5 ms.
    const sandbox = createBloomreachSandbox({ latencyMs, exportDelayMs: latencyMs * 10, msPer1000Rows: latencyMs });
    await sandbox.start(0, host);
    return sandbox;
  },
  gatewayEnv: (sandbox): DemoEnv<typeof bloomreachEnv> => ({
    URL: sandbox.url,
    PROJECT_TOKEN: sandbox.projectToken,
    API_KEY_ID: sandbox.apiKeyId,
    API_SECRET: sandbox.apiSecret,
    // The export API cannot list segmentations; a deployment copies them from the Bloomreach app.
    SEGMENTATIONS: JSON.stringify(sandbox.segmentations),
  }),
});
