// What the gateway knows about a vendor: its id, its environment variables and how they become a
// typed config, and how that config becomes an adapter. `vendor-list.ts` lists one per vendor;
// config parsing, adapter creation and the README configuration table iterate over that list.
import { z } from 'zod';
import type { Vendor } from '../domain/vendor.js';
import type { VendorAdapter } from '../sources/adapter.js';
import type { SharedStore } from '../state/store.js';

/**
 * A vendor's variables, named without their `<VENDOR>_` prefix (`URL` is `PIMCORE_URL` for
 * Pimcore). Setting `URL` enables the vendor.
 */
export type VendorEnvShape = z.ZodRawShape & { URL: z.ZodType<string | undefined> };

type ParsedEnv<S extends VendorEnvShape> = z.output<z.ZodObject<S>>;

/** The parsed variables once the URL and every variable it requires are known to be set. */
export type EnabledEnv<S extends VendorEnvShape, R extends keyof S> = ParsedEnv<S> & {
  [P in ('URL' | R) & keyof ParsedEnv<S>]-?: NonNullable<ParsedEnv<S>[P]>;
};

/** A rule between variables broken: reported as `<VENDOR>_<variable>: message` with every other problem. */
export interface VendorEnvProblem<S extends VendorEnvShape> {
  variable: keyof S & string;
  message: string;
}

export interface VendorEnv<S extends VendorEnvShape, R extends keyof S & string, C> {
  variables: S;
  /** Variables that must be set once `URL` is. */
  requiredWithUrl: readonly R[];
  /** Rules between variables, which no one variable's schema can state; runs once every variable is valid. */
  check?(env: ParsedEnv<S>): VendorEnvProblem<S>[];
  toConfig(env: EnabledEnv<S, R>): C;
}

/** Identity, for type inference: `toConfig` sees exactly the variables declared next to it. */
export function defineVendorEnv<S extends VendorEnvShape, const R extends keyof S & string, C>(
  env: VendorEnv<S, R, C>,
): VendorEnv<S, R, C> {
  return env;
}

export interface VendorReading<K extends string, C> {
  /** `PIMCORE_URL: must be an http(s) URL`, one line per problem. */
  problems: string[];
  /** `{ pimcore: config }` when the vendor is enabled and valid, else `{}`. */
  config: { [P in K]?: C };
}

/** What adapters get besides their config: the state replicas share (tokens, snapshots). */
export interface AdapterDeps {
  state?: SharedStore | undefined;
  /** Where an adapter's background trouble is reported (the gateway's pino logger); console.warn when absent. */
  log?: ((line: string) => void) | undefined;
}

export interface VendorDescriptor<K extends string, C, S extends VendorEnvShape, R extends keyof S & string> {
  vendor: Vendor;
  /** Its key in GatewayConfig. */
  configKey: K;
  env: VendorEnv<S, R, C>;
  createAdapter(config: C, deps?: AdapterDeps): VendorAdapter;
  /** Reads this vendor's variables (`<VENDOR>_…`) out of the whole environment. */
  read(env: Readonly<Record<string, string>>): VendorReading<K, C>;
  /** The adapter when `configs` enables this vendor. */
  adapterFor(configs: { readonly [P in K]?: C }, deps?: AdapterDeps): VendorAdapter | undefined;
}

export function envName(vendor: Vendor, variable: string): string {
  return `${vendor}_${variable}`;
}

export function defineVendor<const K extends string, C, S extends VendorEnvShape, R extends keyof S & string>(spec: {
  vendor: Vendor;
  configKey: K;
  env: VendorEnv<S, R, C>;
  createAdapter(config: C, deps?: AdapterDeps): VendorAdapter;
}): VendorDescriptor<K, C, S, R> {
  const { vendor, configKey, env, createAdapter } = spec;
  const schema = z.object(env.variables);
  const name = (variable: string) => envName(vendor, variable);
  return {
    vendor,
    configKey,
    env,
    createAdapter,
    read(all) {
      const own: Record<string, string> = {};
      for (const variable of Object.keys(env.variables)) {
        const value = all[name(variable)];
        if (value !== undefined) own[variable] = value;
      }
      const parsed = schema.safeParse(own);
      const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${name(issue.path.join('.'))}: ${issue.message}`);
      if (parsed.success) for (const p of env.check?.(parsed.data) ?? []) problems.push(`${name(p.variable)}: ${p.message}`);
      if (own.URL === undefined) return { problems, config: {} };
      for (const variable of env.requiredWithUrl) {
        if (own[variable] === undefined) problems.push(`${name(variable)}: required when ${name('URL')} is set`);
      }
      if (!parsed.success || problems.length > 0) return { problems, config: {} };
      // The loop above has just checked that URL and every required variable are set.
      const config = env.toConfig(parsed.data as EnabledEnv<S, R>);
      return { problems, config: { [configKey]: config } as { [P in K]?: C } };
    },
    adapterFor(configs, deps) {
      const config = configs[configKey];
      return config === undefined ? undefined : createAdapter(config, deps);
    },
  };
}
