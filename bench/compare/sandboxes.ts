// Child process of bench/compare.ts: the five vendor sandboxes, seeded, without added latency, in
// a process of their own (as remote vendors would be). Speaks over IPC: answers `env` with the
// gateway environment, `calls` with each sandbox's request counters and `reset` by
// zeroing them, so the parent reads vendor calls per operation from the sandboxes themselves.
import { startSandboxes } from '../../src/sandbox/fleet.js';

export interface SandboxCounts {
  [sandbox: string]: Record<string, number>;
}

export type SandboxMessage = { type: 'env'; env: Record<string, string> } | { type: 'calls'; counts: SandboxCounts } | { type: 'reset' };

const fleet = await startSandboxes({ latencyMs: 0 });
const handles = [fleet.pimcore, fleet.synerise, fleet.mautic, fleet.sfcc, fleet.bloomreach].filter((h) => h !== undefined);

const send = (message: SandboxMessage) => process.send?.(message);
process.on('message', (message: { type: string }) => {
  if (message.type === 'env') {
    send({ type: 'env', env: fleet.env });
  } else if (message.type === 'reset') {
    for (const h of handles) h.resetCalls();
    send({ type: 'reset' });
  } else if (message.type === 'calls') {
    send({ type: 'calls', counts: Object.fromEntries(handles.map((h) => [h.name, h.callCounts()])) });
  }
});
process.on('disconnect', () => void fleet.stop().then(() => process.exit(0)));
console.log('sandboxes ready');
