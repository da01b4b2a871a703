// Batch writes, chunk by chunk. A batch bigger than one vendor call is sent as several, and those can
// end differently: the first written, the second refused or lost to a 503. Once any chunk is written,
// a whole-batch error would be a lie (and, being retryable, would invite a retry that writes the
// written items twice), so every chunk answers for its own items and nothing else.
import type { WriteOutcome } from '../domain/model.js';
import { UpstreamError } from '../errors.js';
import { createLimiter } from './fan-out.js';
import { asError } from './outcomes.js';

/**
 * One entry per input item, in input order: how that item was taken, or the Error it failed with.
 * Vendors with batch endpoints reject or accept items individually; callers report each one. A
 * port's batch write must not throw once it has written anything: it reports per item instead.
 */
export type BatchOutcome<T> = (WriteOutcome<T> | Error)[];

/** Splits `list` into runs of at most `size`, in order. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Sends `chunks` and answers one outcome per item of `chunks.flat()`, in that order. Each chunk
 * stands alone: when `send` throws, that chunk's items (and only those) fail with the thrown error,
 * an UpstreamError keeping its `retryable`; items of the other chunks keep their own outcomes, and
 * the chunks after a failed one are still sent. With the default concurrency of 1 chunks go out in
 * order, so a later write never overtakes an earlier one.
 */
export async function writeInChunks<I, T>(
  chunks: readonly (readonly I[])[],
  send: (chunk: readonly I[]) => Promise<BatchOutcome<T>>,
  concurrency = 1,
): Promise<BatchOutcome<T>> {
  const limit = createLimiter(concurrency);
  const answers = await Promise.all(
    chunks.map((part) =>
      limit(async (): Promise<BatchOutcome<T>> => {
        let written: BatchOutcome<T>;
        try {
          written = await send(part);
        } catch (error) {
          const failure = asError(error);
          return part.map(() => failure);
        }
        // A sender that answers for fewer items than it was given cannot say whether the rest
        // were written, so they are not offered for a retry.
        return part.map(
          (_item, i) =>
            written[i] ??
            new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The vendor did not report on this item; it may have been written', {
              retryable: false,
            }),
        );
      }),
    ),
  );
  return answers.flat();
}

/** How one vendor takes a batch: a batch write, a single write, or both. */
export interface BatchWriter<I, T> {
  many?: ((inputs: readonly I[]) => Promise<BatchOutcome<T>>) | undefined;
  one?: ((input: I) => Promise<WriteOutcome<T>>) | undefined;
}

/**
 * One vendor's share of a batch: through its batch write where it has one (which splits to the
 * vendor's limits and reports per chunk itself), else one write per item, `concurrency` at a time.
 * Never throws: whatever fails is reported on the items it concerns.
 */
export function writeBatch<I, T>(
  inputs: readonly I[],
  writer: BatchWriter<I, T>,
  unsupported: () => Error,
  concurrency: number,
): Promise<BatchOutcome<T>> {
  const { many, one } = writer;
  if (inputs.length === 0) return Promise.resolve([]);
  if (many) return writeInChunks([inputs], many);
  if (!one) return Promise.resolve(inputs.map(unsupported));
  return writeInChunks(chunk(inputs, 1), (part) => Promise.all(part.map(one)), concurrency);
}

/** Every item failed the same way, before anything was sent (an unknown vendor, say). */
export function failAll<T>(inputs: readonly unknown[], error: unknown): BatchOutcome<T> {
  const failure = asError(error);
  return inputs.map(() => failure);
}
