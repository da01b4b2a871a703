// The part of createGateway's deps that follows from configuration alone, in one place, so the
// server, the test fixture and the benchmarks build the gateway the same way and a new setting
// reaches all three. Reads the trusted-documents manifest, so a bad manifest fails at start.
import type { GatewayConfig } from './config.js';
import type { GatewayDeps } from './gateway.js';
import { readTrustedManifest } from './persisted/trusted-documents.js';

export type ConfiguredDeps = Pick<
  GatewayDeps,
  'limits' | 'trustedDocuments' | 'security' | 'requestTimeoutMs' | 'jit' | 'memoryBudgets' | 'documentCacheMaxBytes'
>;

export function configuredDeps(config: GatewayConfig): ConfiguredDeps {
  return {
    limits: config.limits,
    trustedDocuments: config.trustedDocuments ? readTrustedManifest(config.trustedDocuments) : undefined,
    security: config.security,
    requestTimeoutMs: config.requestTimeoutMs,
    jit: config.perf.jit,
    memoryBudgets: config.state.memory,
    documentCacheMaxBytes: config.perf.documentCacheMaxBytes,
  };
}
