// The write outcomes every adapter returns, and the one way a caught value becomes an Error.
import type { DeleteOutcome, WriteOutcome } from '../domain/model.js';

export const applied = <T>(record: T | null): WriteOutcome<T> => ({ status: 'APPLIED', record });

/** The vendor took the write for asynchronous processing: there is no object to return yet. */
export const queued = <T>(): WriteOutcome<T> => ({ status: 'QUEUED', record: null });

export const DELETED: DeleteOutcome = { status: 'APPLIED' };

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
