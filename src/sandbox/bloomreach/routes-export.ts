// POST /data/v2/projects/{projectToken}/customers/export — the whole (optionally segment-filtered)
// customer base in one streamed response. There is no paging: one call, one full body.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { errorResponse, globalError } from './errors.js';
import { planExport } from './export-request.js';
import { defaultColumns, exportChunks, type PropertyNames } from './export-stream.js';
import type { ProjectSeed } from './seed.js';

export const EXPORT_PATTERN = '/data/v2/projects/{projectToken}/customers/export';

/** How exports are answered; mutable so tests can change it on a running sandbox. */
export interface ExportBehaviour {
  /** Time before the first byte (the export being evaluated); default 50 ms. */
  exportDelayMs: number;
  /** Time per 1,000 exported rows while streaming; default 5 ms (250 ms for 50,000 rows). */
  msPer1000Rows: number;
  /**
   * Content-Type of a csv export. The doc does not state one; `text/csv` is the likely answer, and
   * tests change it to show that clients must not depend on it.
   */
  csvContentType: string;
}

export interface ExportContext {
  seed: ProjectSeed;
  timing: ExportBehaviour;
  /** The project's names for seeded properties it names differently. */
  propertyNames: PropertyNames;
}

function isJsonContentType(value: string | undefined): boolean {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

export function exportRoute(context: ExportContext): SandboxRoute {
  return {
    method: 'POST',
    pattern: EXPORT_PATTERN,
    async handler(req: SandboxRequest): Promise<SandboxResponse> {
      // The doc lists `content-type: application/json` as a required header.
      if (!isJsonContentType(req.headers['content-type'])) {
        return globalError(400, 'Content-Type must be application/json.');
      }
      const parsed = req.json();
      if (!parsed.ok) return globalError(400, 'Request body is not valid JSON.');
      const result = planExport(parsed.value, context.seed.segmentations, () => Math.floor(Date.now() / 1000));
      if (!result.ok) return errorResponse(400, result.errors);
      const { plan } = result;
      // execution_time and timezone are validated but change nothing here: the sandbox has no
      // history, so every evaluation time sees the same customers, segments and properties.
      const { exportDelayMs, msPer1000Rows } = context.timing;
      if (exportDelayMs > 0) await sleep(exportDelayMs);
      const stream = exportChunks({
        customers: context.seed.customers,
        assignment: plan.filter ? context.seed.assignments.get(plan.filter.segmentationId) : undefined,
        filter: plan.filter,
        columns: plan.columns ?? defaultColumns(context.propertyNames),
        format: plan.format,
        msPer1000Rows,
        propertyNames: context.propertyNames,
      });
      const contentType = plan.format === 'csv' ? context.timing.csvContentType : 'application/json';
      return { status: 200, headers: { 'content-type': contentType }, stream };
    },
  };
}
