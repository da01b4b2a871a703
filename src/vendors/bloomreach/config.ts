// BLOOMREACH_* variables and the typed configuration the adapter is built from.
import { z } from 'zod';
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv, envName } from '../descriptor.js';
import { envJson, envPositiveInt, envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

/** Domain fields an exported column can feed; columns without one go to `attributes` under their name. */
export const CUSTOMER_FIELD_ROLES = ['email', 'firstName', 'lastName', 'phone', 'customId', 'createdAt', 'updatedAt'] as const;
export type CustomerFieldRole = (typeof CUSTOMER_FIELD_ROLES)[number];
/** One exported column: an identifier or a customer property, optionally feeding a domain field. */
export type BloomreachAttribute = ({ type: 'id'; id: string } | { type: 'property'; property: string }) & { role?: CustomerFieldRole };

export interface BloomreachConfig extends PoolSettings {
  url: string;
  projectToken: string;
  apiKeyId: string;
  apiSecret: string;
  /** How long one export snapshot serves cursors before they expire. */
  snapshotTtlMs: number;
  /** Segmentations the gateway exposes as segments: the export API has no list endpoint. */
  segmentations: { id: string; name: string; segments: string[] }[];
  /** Deadline for one whole export, body included (stalls are caught sooner by timeoutMs). */
  exportTimeoutMs: number;
  /** Identifiers and properties exported, in column order; undefined takes the adapter's default list. */
  attributes?: BloomreachAttribute[];
  /**
   * Snapshots in this process: bytes held, kept and still filling, all filters together; and the
   * largest one snapshot may grow while it fills.
   */
  local: { maxBytes: number; maxSnapshotBytes: number };
  /** With REDIS_URL: largest snapshot stored for other replicas, and bytes stored per snapshot TTL. */
  shared: { maxSnapshotBytes: number; maxBytes: number };
}

const MiB = 2 ** 20;
/**
 * Default of BLOOMREACH_LOCAL_MAX_BYTES, the snapshot bytes one process keeps: deploy/deployment.yaml's
 * heap cap holds it, BLOOMREACH_SHARED_MAX_BYTES and the gateway's other caches.
 */
export const DEFAULT_LOCAL_MAX_BYTES = 384 * MiB;
/**
 * BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES when it is not set: half the local budget (at least one byte),
 * so a full snapshot's lookups still fit beside it; 192 MiB under the default budget.
 */
export const defaultLocalSnapshotMaxBytes = (localMaxBytes: number): number => Math.max(1, Math.floor(localMaxBytes / 2));

const attributeRole = z.enum(CUSTOMER_FIELD_ROLES).optional();
const attributeList = envJson(
  z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('id'), id: z.string().min(1), role: attributeRole }),
        z.strictObject({ type: z.literal('property'), property: z.string().min(1), role: attributeRole }),
      ]),
    )
    .min(1, 'must list at least one attribute'),
).superRefine((list, ctx) => {
  if (!list.some((a) => a.type === 'id')) ctx.addIssue({ code: 'custom', message: 'must list at least one identifier ({"type":"id"})' });
  const roles = new Set<string>();
  const unmapped = new Set<string>();
  for (const [i, a] of list.entries()) {
    const name = a.type === 'id' ? a.id : a.property;
    if (a.role !== undefined) {
      if (roles.has(a.role)) ctx.addIssue({ code: 'custom', path: [i, 'role'], message: `role ${a.role} is given twice` });
      roles.add(a.role);
    } else {
      // Columns without a role become attributes keyed by name; two of one name would overwrite each other.
      if (unmapped.has(name)) ctx.addIssue({ code: 'custom', path: [i], message: `${name} is listed twice without a role` });
      unmapped.add(name);
    }
  }
});

const segmentationList = envJson(z.array(z.object({ id: z.string().min(1), name: z.string(), segments: z.array(z.string()) })));

export const bloomreachEnv = defineVendorEnv({
  variables: {
    URL: envUrl('API origin'),
    PROJECT_TOKEN: envSecret('project token'),
    API_KEY_ID: envSecret('private API key id'),
    API_SECRET: envSecret('private API key secret'),
    SEGMENTATIONS: segmentationList
      .default([])
      .describe('JSON `[{"id","name","segments":["…"]}]`: the export API cannot list segmentations'),
    SNAPSHOT_TTL_MS: envPositiveInt(300_000, 'how long one export snapshot serves cursors'),
    ATTRIBUTES: attributeList
      .optional()
      .describe(
        'JSON list of exported columns in order, `{"type":"id","id":…}` or `{"type":"property","property":…}`, each with an optional `role` (email, firstName, lastName, phone, customId, createdAt, updatedAt); columns are read by position. Default: `registered` (customId), `cookie`, email, first_name, last_name, phone, city, country, created_ts (createdAt)',
      ),
    EXPORT_TIMEOUT_MS: envPositiveInt(300_000, 'deadline of one whole export, body included; raise it for large projects'),
    LOCAL_MAX_BYTES: envPositiveInt(
      DEFAULT_LOCAL_MAX_BYTES,
      'export snapshot bytes (estimated heap, lookups included) this process holds, kept and still filling, all filters together: kept ones are dropped least recently used first to make room (their cursors expire), and an export that the filling ones alone would take past it fails with UPSTREAM_UNAVAILABLE (retryable: the vendor is fine); the heap cap must hold this plus BLOOMREACH_SHARED_MAX_BYTES',
    ),
    // No fixed default: unset, it follows BLOOMREACH_LOCAL_MAX_BYTES (toConfig), so lowering the budget alone is valid.
    LOCAL_SNAPSHOT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'largest one export snapshot (estimated heap bytes) may grow while it fills in this process, at most BLOOMREACH_LOCAL_MAX_BYTES; an export past it fails with UPSTREAM_BAD_RESPONSE; default: half of BLOOMREACH_LOCAL_MAX_BYTES',
      ),
    SHARED_SNAPSHOT_MAX_BYTES: envPositiveInt(
      64 * 2 ** 20,
      'with REDIS_URL: largest export snapshot (JSON bytes) stored in Redis for other replicas; a bigger one stays with the replica that made it',
    ),
    SHARED_MAX_BYTES: envPositiveInt(
      256 * 2 ** 20,
      'with REDIS_URL: snapshot bytes stored in Redis per snapshot TTL, all filters together (at most about twice this is live)',
    ),
    ...POOL_ENV,
  },
  requiredWithUrl: ['PROJECT_TOKEN', 'API_KEY_ID', 'API_SECRET'],
  // A snapshot that fills up to its own cap must still fit in the budget, or it would be dropped as it
  // completes. Only a cap set explicitly can break this: the derived one is half the budget.
  check: (env) =>
    env.LOCAL_SNAPSHOT_MAX_BYTES !== undefined && env.LOCAL_SNAPSHOT_MAX_BYTES > env.LOCAL_MAX_BYTES
      ? [
          {
            variable: 'LOCAL_SNAPSHOT_MAX_BYTES',
            message: `must not exceed ${envName('BLOOMREACH', 'LOCAL_MAX_BYTES')} (${env.LOCAL_SNAPSHOT_MAX_BYTES} > ${env.LOCAL_MAX_BYTES})`,
          },
        ]
      : [],
  toConfig: (env): BloomreachConfig => ({
    url: env.URL,
    projectToken: env.PROJECT_TOKEN,
    apiKeyId: env.API_KEY_ID,
    apiSecret: env.API_SECRET,
    snapshotTtlMs: env.SNAPSHOT_TTL_MS,
    segmentations: env.SEGMENTATIONS,
    exportTimeoutMs: env.EXPORT_TIMEOUT_MS,
    ...(env.ATTRIBUTES ? { attributes: env.ATTRIBUTES } : {}),
    local: {
      maxBytes: env.LOCAL_MAX_BYTES,
      maxSnapshotBytes: env.LOCAL_SNAPSHOT_MAX_BYTES ?? defaultLocalSnapshotMaxBytes(env.LOCAL_MAX_BYTES),
    },
    shared: { maxSnapshotBytes: env.SHARED_SNAPSHOT_MAX_BYTES, maxBytes: env.SHARED_MAX_BYTES },
    ...poolSettings(env),
  }),
});
