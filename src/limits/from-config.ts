// The limit options createGateway takes, from a parsed configuration (reads the trusted-documents
// manifest, so a bad manifest fails at start).
import type { GatewayConfig } from '../config.js';
import { readTrustedManifest, type TrustedManifest } from '../persisted/trusted-documents.js';
import type { LimitSettings } from './settings.js';

export function limitDeps(config: GatewayConfig): { limits: LimitSettings; trustedDocuments: TrustedManifest | undefined } {
  return { limits: config.limits, trustedDocuments: config.trustedDocuments ? readTrustedManifest(config.trustedDocuments) : undefined };
}
