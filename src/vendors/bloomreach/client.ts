// Raw Bloomreach Engagement calls. There is one: the customers export, read as a CSV stream
// straight into a snapshot.
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { createVendorPool } from '../../http/pool.js';
import type { VendorHttp } from '../../http/request-json.js';
import { discard, requestStream, type StreamResponseHead } from '../../http/request-stream.js';
import { badResponse } from '../../http/upstream-error.js';
import type { BloomreachConfig } from './config.js';
import { type Snapshot, SnapshotLimitError } from './snapshot.js';
import { CsvFormatError, CsvStreamParser } from './stream-parse.js';
import { type AttributeItem, describeBloomreachError, type ExportBody, expectedColumns, REGISTERED } from './wire.js';

const OPERATION = 'POST /data/v2/projects/{projectToken}/customers/export';

/**
 * The whole export may take this many times the per-call timeout. Stalls are caught sooner (the pool
 * allows `timeoutMs` before the first byte and between chunks); this only bounds a steady trickle,
 * and exports of large projects are slow by nature.
 */
const EXPORT_TIMEOUT_FACTOR = 10;

const PROBE_ATTRIBUTES: AttributeItem[] = [{ type: 'id', id: REGISTERED }];

function contentType(head: StreamResponseHead): string {
  const value = head.headers['content-type'];
  return (Array.isArray(value) ? value[0] : value)?.toLowerCase() ?? '';
}

export class BloomreachClient {
  private readonly http: VendorHttp;
  private readonly pool: Dispatcher & { close(): Promise<void> };
  private readonly authorization: string;
  private readonly exportPath: string;

  constructor(private readonly config: BloomreachConfig) {
    this.pool = createVendorPool(config.url, config);
    this.http = {
      vendor: 'BLOOMREACH',
      dispatcher: this.pool,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      describeError: describeBloomreachError,
    };
    // Private access: Basic base64(API key ID:API secret). Built once, never logged.
    this.authorization = `Basic ${Buffer.from(`${config.apiKeyId}:${config.apiSecret}`, 'utf8').toString('base64')}`;
    this.exportPath = `/data/v2/projects/${encodeURIComponent(config.projectToken)}/customers/export`;
  }

  /** Streams one export into `snapshot`, which may serve pages while this is still running. */
  async exportInto(body: ExportBody, snapshot: Snapshot): Promise<void> {
    const required = expectedColumns(body.attributes);
    await requestStream(this.http, {
      method: 'POST',
      path: this.exportPath,
      operation: OPERATION,
      headers: { authorization: this.authorization, accept: 'text/csv' },
      json: body,
      totalTimeoutMs: this.config.timeoutMs * EXPORT_TIMEOUT_FACTOR,
      consume: (stream, head) => this.readCsv(stream, head, required, snapshot),
    });
  }

  private async readCsv(stream: Readable, head: StreamResponseHead, required: readonly string[], snapshot: Snapshot): Promise<void> {
    const type = contentType(head);
    if (type.includes('json') || type.includes('html'))
      throw badResponse('BLOOMREACH', OPERATION, `expected CSV, got ${type.split(';')[0]}`, head.status);
    let headerSeen = false;
    const parser = new CsvStreamParser((fields) => {
      if (headerSeen) {
        snapshot.addRow(fields);
        return;
      }
      headerSeen = true;
      const missing = required.filter((name) => !fields.includes(name));
      if (missing.length > 0) throw badResponse('BLOOMREACH', OPERATION, `CSV header lacks ${missing.join(', ')}`, head.status);
      snapshot.setHeader(fields);
    });
    try {
      for await (const chunk of stream) {
        parser.push(chunk as Buffer);
        snapshot.flush();
      }
      parser.end();
    } catch (error) {
      if (error instanceof CsvFormatError || error instanceof SnapshotLimitError)
        throw badResponse('BLOOMREACH', OPERATION, error.message, head.status);
      throw error;
    }
    if (!headerSeen) throw badResponse('BLOOMREACH', OPERATION, 'empty body (no CSV header)', head.status);
  }

  /**
   * Health probe. The API has no cheap call, so this starts a one-column export and hangs up as soon
   * as the status arrives: a 200 proves the credentials, the project token and the export permission,
   * and no rows are transferred. The vendor still begins evaluating the export; the registry caches
   * the probe's result for 10 s, so that cost is paid at most every 10 s.
   */
  async probe(): Promise<void> {
    await requestStream(this.http, {
      method: 'POST',
      path: this.exportPath,
      operation: OPERATION,
      headers: { authorization: this.authorization, accept: 'text/csv' },
      json: { format: 'csv', attributes: { type: 'some', list: PROBE_ATTRIBUTES } },
      consume: async (stream) => discard(stream),
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
