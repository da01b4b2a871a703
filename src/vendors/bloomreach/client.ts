// Raw Bloomreach Engagement calls. There is one: the customers export, read as a CSV stream
// straight into a snapshot.
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { GatewayError, UpstreamError } from '../../errors.js';
import { createVendorPool } from '../../http/pool.js';
import type { VendorHttp } from '../../http/request-json.js';
import { discard, requestStream, type StreamResponseHead } from '../../http/request-stream.js';
import { badResponse } from '../../http/upstream-error.js';
import { VendorResilience } from '../../resilience/policy.js';
import { quotaStoreFor } from '../../resilience/shared-quota.js';
import type { SharedStore } from '../../state/store.js';
import type { BloomreachConfig } from './config.js';
import { type Snapshot, SnapshotBudgetError, SnapshotLimitError } from './snapshot.js';
import { CsvFormatError, CsvStreamParser } from './stream-parse.js';
import { describeBloomreachError, type ExportBody } from './wire.js';

export const EXPORT_OPERATION = 'POST /data/v2/projects/{projectToken}/customers/export';

/** A CSV header never starts like a JSON document; a body that does is an error page sent as 200. */
const LOOKS_LIKE_JSON = /^\s*[[{]/;

const describeMs = (ms: number): string => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

export class BloomreachClient {
  /** Retries, breaker and quota of every call to the vendor, logins included. */
  readonly resilience: VendorResilience;
  private readonly http: VendorHttp;
  private readonly pool: Dispatcher & { close(): Promise<void> };
  private readonly authorization: string;
  private readonly exportPath: string;

  constructor(
    private readonly config: BloomreachConfig,
    state?: SharedStore,
  ) {
    this.resilience = new VendorResilience('BLOOMREACH', config.resilience, quotaStoreFor(state));
    this.pool = createVendorPool(config.url, config);
    this.http = {
      vendor: 'BLOOMREACH',
      resilience: this.resilience,
      dispatcher: this.pool,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      describeError: describeBloomreachError,
    };
    // Private access: Basic base64(API key ID:API secret). Built once, never logged.
    this.authorization = `Basic ${Buffer.from(`${config.apiKeyId}:${config.apiSecret}`, 'utf8').toString('base64')}`;
    this.exportPath = `/data/v2/projects/${encodeURIComponent(config.projectToken)}/customers/export`;
  }

  /**
   * Streams one export into `snapshot`, which may serve pages while this is still running. Stalls
   * are caught by the pool (`timeoutMs` before the first byte and between chunks); the whole export
   * is bounded by `exportTimeoutMs`, since exports of large projects are slow by nature.
   */
  async exportInto(body: ExportBody, snapshot: Snapshot, onHeader?: () => void): Promise<void> {
    const width = body.attributes.list.length;
    const deadline = AbortSignal.timeout(this.config.exportTimeoutMs);
    try {
      await requestStream(this.http, {
        method: 'POST',
        path: this.exportPath,
        operation: EXPORT_OPERATION,
        // An export is a read sent as POST: a timeout on it is no unknown write.
        idempotent: true,
        headers: { authorization: this.authorization, accept: 'text/csv' },
        json: body,
        signal: deadline,
        // Ours fires first, so the error below can say which setting to raise.
        totalTimeoutMs: this.config.exportTimeoutMs + this.config.timeoutMs,
        consume: (stream, head) => this.readCsv(stream, head, width, snapshot, onHeader),
      });
    } catch (error) {
      if (!deadline.aborted) throw error;
      throw new UpstreamError(
        'UPSTREAM_TIMEOUT',
        `BLOOMREACH ${EXPORT_OPERATION} did not finish within ${describeMs(this.config.exportTimeoutMs)}; raise BLOOMREACH_EXPORT_TIMEOUT_MS for a project this size`,
        { vendor: 'BLOOMREACH', retryable: true, cause: error },
      );
    }
  }

  /**
   * The content type is not trusted either way (the doc does not state one): the body is read as CSV
   * and judged by its shape. The header row is checked only for its column count; its wording is
   * the vendor's and is not relied on.
   */
  private async readCsv(
    stream: Readable,
    head: StreamResponseHead,
    width: number,
    snapshot: Snapshot,
    onHeader?: () => void,
  ): Promise<void> {
    let headerSeen = false;
    const parser = new CsvStreamParser((fields) => {
      if (headerSeen) {
        snapshot.addRow(fields);
        return;
      }
      headerSeen = true;
      if (LOOKS_LIKE_JSON.test(fields[0] ?? ''))
        throw badResponse('BLOOMREACH', EXPORT_OPERATION, 'expected CSV, got a JSON body', head.status);
      if (fields.length !== width) {
        throw badResponse(
          'BLOOMREACH',
          EXPORT_OPERATION,
          `the CSV header has ${fields.length} columns for the ${width} requested attributes`,
          head.status,
        );
      }
      snapshot.setWidth(width);
      onHeader?.();
    });
    try {
      for await (const chunk of stream) {
        parser.push(chunk as Buffer);
        snapshot.flush();
      }
      parser.end();
      // The rows of a body without a final newline arrive at the end: they count against the budget too.
      snapshot.flush();
    } catch (error) {
      // Exports filling at once over this process's budget: a local, passing condition, not the
      // vendor's answer, so retryable and kept out of the vendor's health (health.ts).
      if (error instanceof SnapshotBudgetError) {
        throw new GatewayError('UPSTREAM_UNAVAILABLE', `BLOOMREACH export not kept: ${error.message}`, {
          vendor: 'BLOOMREACH',
          retryable: true,
          cause: error,
        });
      }
      if (error instanceof CsvFormatError || error instanceof SnapshotLimitError)
        throw badResponse('BLOOMREACH', EXPORT_OPERATION, error.message, head.status);
      throw error;
    }
    if (!headerSeen) throw badResponse('BLOOMREACH', EXPORT_OPERATION, 'empty body (no CSV header)', head.status);
  }

  /**
   * Starts a one-column export and hangs up as soon as the status arrives: a 200 proves the
   * credentials, the project token and the export permission, and no rows are transferred. The
   * vendor still begins evaluating the export, so the adapter calls this only when no export has
   * told it the same thing recently (see health.ts): the doc has no cheaper call.
   */
  async probe(body: ExportBody): Promise<void> {
    await requestStream(this.http, {
      method: 'POST',
      path: this.exportPath,
      operation: EXPORT_OPERATION,
      headers: { authorization: this.authorization, accept: 'text/csv' },
      json: body,
      idempotent: true,
      consume: async (stream) => discard(stream),
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
