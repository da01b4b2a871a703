// Health from what the exports already showed. The doc's only call is the customers export (no
// cheap status or ping call), and every export makes the vendor evaluate the whole project, so a
// probe must not start one each time health is asked. Every export the gateway makes anyway records
// its outcome (when its header arrives, and again when it ends); health reports the latest one and
// starts a header-only probe export only when no outcome is younger than `maxAgeMs` (an idle
// gateway: at most one probe per `maxAgeMs`).
import { GatewayError, UpstreamError } from '../../errors.js';
import { SnapshotBudgetError } from './snapshot.js';

/** Outcomes that say nothing about the vendor: the request itself was refused (a bad filter). */
const NOT_HEALTH: ReadonlySet<string> = new Set(['UPSTREAM_REJECTED', 'BAD_USER_INPUT']);

interface Outcome {
  at: number;
  error: unknown;
}

const describeAge = (ms: number): string => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

export class ExportHealth {
  private last: Outcome | undefined;
  private probing: Promise<void> | undefined;

  constructor(
    private readonly maxAgeMs: number,
    private readonly probe: () => Promise<void>,
  ) {}

  /** Records how an export ended (`undefined`: it succeeded). */
  record(error: unknown = undefined): void {
    if (error instanceof GatewayError && NOT_HEALTH.has(error.code)) return;
    // This process's snapshot budget refused the export: the vendor answered fine.
    if (error instanceof GatewayError && error.detail instanceof SnapshotBudgetError) return;
    this.last = { at: Date.now(), error };
  }

  /** Wraps an export so its outcome is recorded, passing the outcome on unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    return work.then(
      (value) => {
        this.record();
        return value;
      },
      (error: unknown) => {
        this.record(error);
        throw error;
      },
    );
  }

  /** Resolves when the latest export succeeded; rejects with a message naming the failed one. */
  async check(): Promise<void> {
    if (!this.last || Date.now() - this.last.at >= this.maxAgeMs) {
      // Concurrent checks share one probe.
      this.probing ??= this.track(this.probe())
        .catch(() => undefined)
        .finally(() => {
          this.probing = undefined;
        });
      await this.probing;
    }
    const last = this.last;
    if (!last || last.error === undefined) return;
    const age = describeAge(Date.now() - last.at);
    const why = last.error instanceof GatewayError ? last.error.message : 'failed';
    throw new UpstreamError(
      last.error instanceof GatewayError ? last.error.code : 'UPSTREAM_UNAVAILABLE',
      `the last export (${age} ago) failed: ${why}`,
      { vendor: 'BLOOMREACH' },
    );
  }
}
