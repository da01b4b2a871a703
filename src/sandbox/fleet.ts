// Starts the vendor emulators together and says how to point the gateway at them (as the same
// environment variables a real deployment sets), for demo mode, tests and benchmarks.
import { SANDBOX_DEMOS } from './demo-list.js';
import { FAULTS_PATH, SandboxServer } from './harness.js';

type Demo = (typeof SANDBOX_DEMOS)[number];
export type SandboxName = Demo['name'];

export interface FleetOptions {
  /** Which sandboxes to start; all when omitted. */
  only?: SandboxName[];
  latencyMs?: number;
  host?: string;
}

/** `{ pimcore?: PimcoreSandbox; synerise?: SyneriseSandbox; … }`, keyed and typed by the demo list. */
export type SandboxHandles = { [D in Demo as D['name']]?: Awaited<ReturnType<D['start']>> };

export interface SandboxFleet extends SandboxHandles {
  /** Environment variables that configure the gateway against the started sandboxes. */
  env: Record<string, string>;
  /** Where each started sandbox takes faults over HTTP (`POST <url>` a Fault as JSON; see harness.ts). */
  faultUrls: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSandboxes(options: FleetOptions = {}): Promise<SandboxFleet> {
  const wanted = (name: SandboxName) => !options.only || options.only.includes(name);
  const startOptions = { latencyMs: options.latencyMs ?? 0, host: options.host };
  const handles: Record<string, { stop(): Promise<void> }> = {};
  const faultUrls: Record<string, string> = {};
  const env: Record<string, string> = {};
  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const demo of SANDBOX_DEMOS) {
      if (!wanted(demo.name)) continue;
      const launched = await demo.launch(startOptions);
      started.push(launched.sandbox);
      handles[demo.name] = launched.sandbox;
      if (launched.sandbox instanceof SandboxServer) faultUrls[demo.name] = `${launched.sandbox.baseOrigin}${FAULTS_PATH}`;
      Object.assign(env, launched.env);
    }
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
  const stop = async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
  };
  // Each handle was stored under its demo's name with the type that demo's start returned.
  return { ...(handles as SandboxHandles), env, faultUrls, stop };
}
