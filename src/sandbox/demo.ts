// How demo mode (and tests, benchmarks) start one vendor's sandbox and point the gateway at it.
// `demo-list.ts` lists one per vendor; `fleet.ts` iterates over that list.
import type { Vendor } from '../domain/vendor.js';
import { envName, type VendorEnvShape } from '../vendors/descriptor.js';

export interface DemoStartOptions {
  latencyMs: number;
  host: string | undefined;
}

export interface SandboxDemo<N extends string, S extends { stop(): Promise<void> }> {
  /** The sandbox's key in `SandboxFleet` and its name in `startSandboxes({ only })`. */
  name: N;
  vendor: Vendor;
  /** Creates the sandbox and starts it on a free port. */
  start(options: DemoStartOptions): Promise<S>;
  /** The vendor's variables, without their `<VENDOR>_` prefix, that point the gateway at `sandbox`. */
  gatewayEnv(sandbox: S): Readonly<Record<string, string | undefined>>;
}

/** Variables of a vendor's descriptor, e.g. `DemoEnv<typeof pimcoreEnv>`: a typo is a type error. */
export type DemoEnv<E extends { variables: VendorEnvShape }> = { [K in keyof E['variables']]?: string };

export interface LaunchedSandbox<S> {
  sandbox: S;
  /** `gatewayEnv` under the full variable names (`PIMCORE_URL`, …). */
  env: Record<string, string>;
}

export function defineSandboxDemo<const N extends string, S extends { stop(): Promise<void> }>(
  demo: SandboxDemo<N, S>,
): SandboxDemo<N, S> & { launch(options: DemoStartOptions): Promise<LaunchedSandbox<S>> } {
  return {
    ...demo,
    async launch(options) {
      const sandbox = await demo.start(options);
      const env: Record<string, string> = {};
      for (const [variable, value] of Object.entries(demo.gatewayEnv(sandbox))) {
        if (value !== undefined) env[envName(demo.vendor, variable)] = value;
      }
      return { sandbox, env };
    },
  };
}
