// Composition root: environment → config → adapters → gateway → listen. The only file that reads
// the environment or opens a listening socket.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { missingAuthentication } from './auth/env.js';
import { anyVendorConfigured, ConfigError, configuredVendors, parseConfig } from './config.js';
import { startDemo } from './demo.js';
import { createGateway } from './gateway.js';
import { configuredDeps } from './gateway-config.js';
import { DEMO_LIMIT_ENV } from './limits/settings.js';
import { createLogger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { startMetricsServer } from './observability/metrics-endpoint.js';
import type { SandboxFleet } from './sandbox/fleet.js';
import { installShutdown, Lifecycle } from './shutdown.js';
import { SourceRegistry } from './sources/registry.js';
import { createSharedStore } from './state/index.js';
import { createAdapters } from './vendors/index.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let env: Record<string, string | undefined> = process.env;
  let demo: SandboxFleet | undefined;
  if (!anyVendorConfigured(env)) {
    // Parsed first so a bad gateway variable fails before any sandbox starts.
    const { demoLatencyMs } = parseConfig(env);
    demo = await startDemo(env, demoLatencyMs);
    // The demo's GraphiQL page carries its all-scopes key, so the demo listens on this machine only
    // unless HOST says otherwise.
    // Demo mode is for a person at a terminal: readable log lines unless LOG_PRETTY says otherwise.
    env = { ...DEMO_LIMIT_ENV, HOST: '127.0.0.1', LOG_PRETTY: 'true', ...env, ...demo.env };
  }
  const config = parseConfig(env);
  // Outside the demo nothing is open unless configured: no keys, no JWT, no explicit GATEWAY_AUTH=none → no start.
  const missing = demo ? undefined : missingAuthentication(config.security);
  if (missing) throw new ConfigError([missing]);
  // The demo's key is new on every start, so a demo left running is not open to whoever finds it.
  const demoKey = demo ? randomBytes(24).toString('base64url') : undefined;
  // Memory unless REDIS_URL is set (README "Running several replicas"); the demo never needs Redis.
  const logger = await createLogger(config.observability);
  // Redis and snapshot-sharing trouble goes through pino too, so every line on stdout is JSON.
  const warn = (line: string) => logger.warn(line);
  const state = createSharedStore(config.state, warn);
  const sources = new SourceRegistry(createAdapters(config, { state, log: warn }));
  const lifecycle = new Lifecycle();
  const { metricsPort } = config.observability;
  const metrics = new GatewayMetrics({ processMetrics: true });
  // Loaded only when on: the OpenTelemetry packages stay out of a process that does not trace.
  const tracing = config.observability.otlpEndpoint
    ? (await import('./observability/tracing.js')).startTracing(config.observability)
    : undefined;
  const gateway = createGateway({
    logger,
    metrics,
    // The public port serves /metrics only outside production: in production it would show every
    // caller operation names and error rates, so metrics need their own METRICS_PORT there.
    metricsEndpoint: metricsPort === undefined && !config.security.production,
    tracing: tracing?.plugin,
    sources,
    ...configuredDeps(config),
    demoKey,
    graphiqlTitle: demo ? 'CDP Gateway (demo sandboxes)' : 'CDP Gateway',
    isReady: () => lifecycle.ready,
    state,
  });
  const server = createServer(gateway);
  lifecycle.track(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const metricsServer = metricsPort === undefined ? undefined : await startMetricsServer(metrics, metricsPort, config.host);

  // Before the banner: a supervisor (or test) that signals as soon as it reads the banner must find
  // the handler in place, or SIGTERM's default action kills the process without draining.
  installShutdown(lifecycle, {
    server,
    settings: config.shutdown,
    release: async () => {
      metricsServer?.close();
      await sources.close();
      await demo?.stop();
      await state.close();
      await tracing?.shutdown();
    },
    log: (line) => logger.info(line),
  });

  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const { port } = server.address() as AddressInfo;
  logger.info(`CDP Gateway listening on http://${shown}:${port}/graphql (GraphiQL in a browser)`);
  logger.info(`Vendors: ${configuredVendors(config).join(', ') || 'none'}`);
  logger.info(`State: ${state.kind === 'redis' ? 'shared with other replicas in Redis (REDIS_URL)' : 'this process only'}`);
  if (metricsPort !== undefined || !config.security.production)
    logger.info(`Prometheus metrics on http://${shown}:${metricsPort ?? port}/metrics`);
  else logger.info('Prometheus metrics: off (NODE_ENV=production serves /metrics only on METRICS_PORT)');
  if (config.security.auth.mode === 'none')
    logger.warn('GATEWAY_AUTH=none: every caller may read and write every vendor (private networks only).');
  if (demo) {
    logger.info('Demo mode: no vendor configured, so seeded sandboxes run in-process and need no credentials from you.');
    logger.info(`Demo API key (all scopes; prefilled in GraphiQL): ${demoKey}`);
    logger.info('Send it as `Authorization: Bearer <key>`. Point the gateway at real vendors with the variables in README.md.');
    const faults = Object.entries(demo.faultUrls).map(([name, url]) => `${name} ${url}`);
    logger.info(`Inject vendor faults by POSTing JSON (README "Resilience") to: ${faults.join(', ')}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if ((error as { code?: unknown }).code === 'EADDRINUSE')
    console.error(`CDP Gateway failed to start: ${(error as Error).message}; another process holds the port (set PORT or METRICS_PORT)`);
  else console.error('CDP Gateway failed to start:', error);
  process.exit(1);
});
