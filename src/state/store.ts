// The state replicas share: a small key/value contract with expiry, claim-if-absent, owner-checked
// deletes, windowed counters and leased locks. MemoryStore keeps it in this process (the default,
// and what the demo uses); RedisStore keeps it in Redis for several replicas. Both pass the same
// contract suite (test/unit/shared-store.test.ts). Keys are relative: each store adds its prefix.
import { randomBytes } from 'node:crypto';

export interface WindowTotal {
  /** Sum of the amounts added in the current window, including this one. */
  total: number;
  /** When the current window ends (epoch ms). */
  resetAt: number;
}

export interface Lease {
  /** Random token naming the holder; release and extend act only while it still holds the lock. */
  readonly owner: string;
  /** Frees the lock if this holder still has it (compare-and-delete); true when it did. */
  release(): Promise<boolean>;
  /** Pushes the lease out to `leaseMs` from now if this holder still has it; false when it lost it. */
  extend(leaseMs: number): Promise<boolean>;
}

/**
 * A lock as any store takes it: set-if-absent with a random owner token, released and extended
 * only while that token still holds it (the store's compare-and-delete / compare-and-replace).
 */
export async function takeLease(store: SharedStore, key: string, leaseMs: number): Promise<Lease | undefined> {
  const owner = randomBytes(12).toString('base64url');
  if (!(await store.setIfAbsent(key, owner, leaseMs))) return undefined;
  return {
    owner,
    release: () => store.deleteIf(key, owner),
    extend: (ms) => store.replaceIf(key, owner, owner, ms),
  };
}

export interface SharedStore {
  /** 'memory': per process; 'redis': shared by every replica on the same Redis and key prefix. */
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** Milliseconds until `key` expires, or undefined when it does not exist. */
  ttl(key: string): Promise<number | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `key` only when it does not exist; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Replaces `key` (with a new expiry) only while it still holds `expected`; true when it did. */
  replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes `key` only while it still holds `expected` (owner-checked release). */
  deleteIf(key: string, expected: string): Promise<boolean>;
  /**
   * Adds `amount` to `key` in a fixed window: the first add opens a window of `windowMs`, later adds
   * count into it until it ends. Atomic across replicas; the building block of rate limits and quotas.
   */
  addInWindow(key: string, amount: number, windowMs: number): Promise<WindowTotal>;
  /** Takes the lock `key` for `leaseMs` when free; undefined when someone else holds it. */
  lock(key: string, leaseMs: number): Promise<Lease | undefined>;
  close(): Promise<void>;
}

/** A value bigger than the in-memory store's largest entry: it was not stored, and the key keeps what it held. */
export class StateValueTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`a value of ${bytes} bytes is over the in-memory state's largest entry of ${maxBytes} bytes (MEMORY_STATE_MAX_BYTES / 16)`);
    this.name = 'StateValueTooLargeError';
  }
}

/** Redis did not answer in time, or is not connected: the operation may or may not have happened. */
export class StateUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`shared state unavailable (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StateUnavailableError';
  }
}
