// Batch writes within Synerise's documented limits: at most 1000 items and 1 MB per request, for
// both the profile and the event batch. A batch with one bad item is refused whole (400 naming
// `list[i]`/`[i]`), so the named items are reported as failed and the rest is sent again, once.
import type { WriteOutcome } from '../../domain/model.js';
import { UpstreamError, ValidationError } from '../../errors.js';
import { type BatchOutcome, writeInChunks } from '../../sources/batch.js';
import { rejectedPositions } from './wire.js';

export const BATCH_MAX_ITEMS = 1000;
/** 1 MB for the whole body: the array's brackets and separators are counted too. */
export const BATCH_MAX_BYTES = 1024 * 1024;

export interface BatchItem {
  /** Position in the caller's input. */
  index: number;
  body: Record<string, unknown>;
}

export function chunkBatch(
  items: readonly BatchItem[],
  maxItems = BATCH_MAX_ITEMS,
  maxBytes = BATCH_MAX_BYTES,
): { chunks: BatchItem[][]; tooLarge: BatchItem[] } {
  const chunks: BatchItem[][] = [];
  const tooLarge: BatchItem[] = [];
  let current: BatchItem[] = [];
  let bytes = 2; // "[" and "]"
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item.body));
    if (size + 2 > maxBytes) {
      tooLarge.push(item);
      continue;
    }
    const added = size + (current.length > 0 ? 1 : 0);
    if (current.length >= maxItems || bytes + added > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    bytes += size + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, tooLarge };
}

const queued = <T>(): WriteOutcome<T> => ({ status: 'QUEUED', record: null });

/**
 * Sends `items` in chunks, one chunk at a time so a later write never overtakes an earlier one
 * (profile upserts by the same identifier must land in order); a chunk that fails fails only its
 * own items (writeInChunks). Slots already holding an Error (rejected before sending) are kept.
 */
export async function sendBatches<T>(
  outcomes: BatchOutcome<T>,
  items: readonly BatchItem[],
  send: (bodies: Record<string, unknown>[]) => Promise<unknown>,
): Promise<BatchOutcome<T>> {
  const { chunks, tooLarge } = chunkBatch(items);
  for (const item of tooLarge)
    outcomes[item.index] = new ValidationError([{ field: 'input', message: 'is larger than the 1 MB Synerise accepts per request' }], {
      vendor: 'SYNERISE',
    });
  const written = await writeInChunks(chunks, (chunk) => sendChunk<T>(chunk, send));
  chunks.flat().forEach((item, i) => {
    const outcome = written[i];
    if (outcome) outcomes[item.index] = outcome;
  });
  return outcomes;
}

/** A refused batch as the caller's error: a 400 names bad input, anything else stays as it is. */
function chunkFailure(error: unknown): unknown {
  return error instanceof UpstreamError && error.code === 'UPSTREAM_REJECTED'
    ? new ValidationError([{ field: 'input', message: error.vendorMessage ?? error.message }], { vendor: 'SYNERISE' })
    : error;
}

/** One chunk, answered per item; a 400 naming items fails those and resends the rest once. */
async function sendChunk<T>(
  chunk: readonly BatchItem[],
  send: (bodies: Record<string, unknown>[]) => Promise<unknown>,
): Promise<BatchOutcome<T>> {
  try {
    await send(chunk.map((i) => i.body));
    return chunk.map(() => queued<T>());
  } catch (error) {
    const rejected =
      error instanceof UpstreamError && error.code === 'UPSTREAM_REJECTED' ? rejectedPositions(error.body) : new Map<number, string[]>();
    if (rejected.size === 0) throw chunkFailure(error);
    const outcomes: BatchOutcome<T> = chunk.map((_item, position) => {
      const messages = rejected.get(position);
      if (!messages) return queued<T>();
      return new ValidationError(
        messages.map((m) => {
          const colon = m.indexOf(': ');
          return colon > 0 ? { field: m.slice(0, colon), message: m.slice(colon + 2) } : { field: 'input', message: m };
        }),
        { vendor: 'SYNERISE' },
      );
    });
    const remaining = chunk.filter((_item, position) => !rejected.has(position));
    if (remaining.length === 0) return outcomes;
    try {
      await send(remaining.map((i) => i.body));
    } catch (again) {
      const failure = chunkFailure(again);
      const asError = failure instanceof Error ? failure : new Error(String(failure));
      chunk.forEach((_item, position) => {
        if (!rejected.has(position)) outcomes[position] = asError;
      });
    }
    return outcomes;
  }
}
