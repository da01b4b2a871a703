import type { WriteOutcome } from '../domain/model.js';

/**
 * One entry per input item, in input order: how that item was taken, or the Error it failed with.
 * Vendors with batch endpoints reject or accept items individually; callers report each one.
 */
export type BatchOutcome<T> = (WriteOutcome<T> | Error)[];
