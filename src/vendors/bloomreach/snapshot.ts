// One materialised export: the rows of one (filter, attributes) export, held as one array per
// column (no per-customer objects with repeated keys), filled while the body streams in. Pages are
// served as soon as the rows they need have arrived; totals and lookups wait for the end.
import { randomBytes } from 'node:crypto';
import { normaliseEmail } from '../../domain/email.js';

export type Cell = string | null;

/**
 * Columns with repeating values (countries, cities, first names) keep one string per distinct value.
 * A column stops interning once it has this many distinct values and they are over a quarter of its
 * rows (ids, emails, phones): there the table would only cost memory.
 */
const INTERN_MIN_DISTINCT = 4_096;
/** V8 string header plus an array slot, rounded: an estimate, not an exact heap figure. */
const STRING_OVERHEAD = 16;
const SLOT = 8;
const MAP_ENTRY = 40;

const stringBytes = (s: string): number => STRING_OVERHEAD + Math.ceil(s.length / 8) * 8;

interface Waiter {
  need: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MiB = 2 ** 20;
/** A limit as it was most likely set: whole MiB as such, anything else in bytes. */
const describeBytes = (bytes: number): string => (bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`);

/** An export grown past what this process may hold of it: the export fails (UPSTREAM_BAD_RESPONSE), nothing is kept. */
export class SnapshotLimitError extends Error {
  constructor(
    readonly limitBytes: number,
    message = `export exceeds the snapshot limit of ${describeBytes(limitBytes)}; raise BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES (default: half of BLOOMREACH_LOCAL_MAX_BYTES) for a project this size`,
  ) {
    super(message);
    this.name = 'SnapshotLimitError';
  }
}

/** The exports filling at once, this one included, outgrew the process budget (BLOOMREACH_LOCAL_MAX_BYTES) on their own. */
export class SnapshotBudgetError extends SnapshotLimitError {
  constructor(limitBytes: number, ownBytes: number, othersBytes: number, others: number) {
    super(
      limitBytes,
      `exports filling at once exceed the local snapshot budget of ${describeBytes(limitBytes)} (this one ${ownBytes} bytes, ${othersBytes} bytes in ${others} other export${others === 1 ? '' : 's'} filling); raise BLOOMREACH_LOCAL_MAX_BYTES, or lower BLOOMREACH_MAX_CONCURRENCY so fewer exports fill at once`,
    );
    this.name = 'SnapshotBudgetError';
  }
}

export interface SnapshotLimits {
  /** Cap on this one snapshot, checked per row: SnapshotLimitError past it. */
  maxBytes?: number;
  /**
   * Told from flush() (once per chunk, not per row or cell) that this filling snapshot has grown, so the
   * budget all snapshots share can make room; throws (SnapshotLimitError) when it cannot.
   */
  grew?: (snapshot: Snapshot) => void;
}

/** A complete snapshot as JSON for the shared store: its id (so cursors stay valid) and its columns. */
export interface SharedSnapshotData {
  id: string;
  startedAt: number;
  completedAt: number;
  columns: Cell[][];
}

export class Snapshot {
  /** Goes into every cursor issued from this snapshot (`s`), so a cursor never reads another one. */
  readonly id: string;
  readonly startedAt: number;
  completedAt: number | undefined;
  private columns: Cell[][] = [];
  private interners: (Map<string, string> | undefined)[] = [];
  private count = 0;
  private bytes = 0;
  /** `bytes` when `grew` was last told. */
  private reportedBytes = 0;
  private readonly maxBytes: number;
  private readonly grew: ((snapshot: Snapshot) => void) | undefined;
  /** Lookups, each built once per snapshot on first use. */
  private readonly idIndexes = new Map<number, Map<string, number>>();
  private byEmail: Map<string, number | number[]> | undefined;
  private state: 'filling' | 'complete' | 'failed' = 'filling';
  private failure: unknown;
  private waiters: Waiter[] = [];
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  /** Settles when the export has been read to the end (or failed). */
  readonly done: Promise<void>;

  constructor(
    /** Fingerprint of the export this snapshot materialises. */
    readonly key: string,
    limits: SnapshotLimits = {},
    copied?: SharedSnapshotData,
  ) {
    this.maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
    this.grew = limits.grew;
    this.id = copied?.id ?? randomBytes(9).toString('base64url');
    this.startedAt = copied?.startedAt ?? Date.now();
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody may be waiting when an export fails; its waiters get the error, the process no warning.
    this.done.catch(() => undefined);
    if (copied) {
      // A snapshot another replica exported (snapshot-shared.ts): complete on arrival.
      this.setWidth(copied.columns.length);
      this.columns = copied.columns;
      this.count = copied.columns[0]?.length ?? 0;
      for (const column of copied.columns) for (const cell of column) this.bytes += SLOT + (cell === null ? 0 : stringBytes(cell));
      this.finish();
      this.completedAt = copied.completedAt;
    }
  }

  /** What another replica needs to serve the same pages and cursors (complete snapshots only). */
  toShared(): SharedSnapshotData {
    this.requireComplete();
    return { id: this.id, startedAt: this.startedAt, completedAt: this.completedAt ?? Date.now(), columns: this.columns };
  }

  get rowCount(): number {
    return this.count;
  }

  get complete(): boolean {
    return this.state === 'complete';
  }

  /** Approximate bytes retained: cells, column arrays and built indexes. */
  get approxBytes(): number {
    return this.bytes;
  }

  /** Columns are known by position (the order of the requested attribute list), not by header text. */
  setWidth(width: number): void {
    this.columns = Array.from({ length: width }, () => []);
    this.interners = Array.from({ length: width }, () => new Map());
    this.bytes += width * 64;
  }

  /** Appends one record; missing trailing fields are null, surplus ones are dropped (lenient). */
  addRow(fields: readonly string[]): void {
    for (let c = 0; c < this.columns.length; c++) {
      const raw = fields[c];
      // CSV cannot tell an absent property from an empty string; Bloomreach exports absent as empty.
      let value: Cell = raw === undefined || raw === '' ? null : raw;
      this.bytes += SLOT;
      if (value !== null) {
        const interner = this.interners[c];
        const shared = interner?.get(value);
        if (shared !== undefined) value = shared;
        else {
          this.bytes += stringBytes(value);
          if (interner) {
            if (interner.size >= INTERN_MIN_DISTINCT && interner.size * 4 > this.count) this.interners[c] = undefined;
            else interner.set(value, value);
          }
        }
      }
      (this.columns[c] as Cell[]).push(value);
    }
    this.count += 1;
    if (this.bytes > this.maxBytes) throw new SnapshotLimitError(this.maxBytes);
  }

  /**
   * Called once per chunk, not per row: reports the growth since the last call to the shared budget
   * (which may throw, failing the export), then wakes pages waiting for rows that have now arrived.
   */
  flush(): void {
    if (this.state === 'filling' && this.bytes > this.reportedBytes) {
      this.reportedBytes = this.bytes;
      this.grew?.(this);
    }
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (this.count >= w.need) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  finish(): void {
    if (this.state !== 'filling') return;
    this.state = 'complete';
    this.completedAt = Date.now();
    this.interners = [];
    // Growing by push leaves up to a third of each column's capacity unused; keep exact-size copies.
    this.columns = this.columns.map((column) => column.slice());
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
    this.settle.resolve();
  }

  fail(error: unknown): void {
    if (this.state !== 'filling') return;
    this.state = 'failed';
    this.failure = error;
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
    this.settle.reject(error);
  }

  /** Resolves once at least `need` rows are in, or the export is complete with fewer. */
  rows(need: number): Promise<void> {
    if (this.state === 'failed') return Promise.reject(this.failure);
    if (this.count >= need || this.state === 'complete') return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.waiters.push({ need, resolve, reject }));
  }

  value(row: number, column: number): Cell {
    return this.columns[column]?.[row] ?? null;
  }

  /** Identifier value → row for one identifier column, built on first use (complete snapshots only). */
  idIndex(column: number): Map<string, number> {
    let index = this.idIndexes.get(column);
    if (index) return index;
    this.requireComplete();
    index = new Map<string, number>();
    const values = this.columns[column] ?? [];
    for (let row = 0; row < values.length; row++) {
      const value = values[row];
      // The first row wins if a vendor ever repeats an identifier: lookups stay deterministic.
      if (value !== null && value !== undefined && !index.has(value)) index.set(value, row);
    }
    this.idIndexes.set(column, index);
    this.bytes += index.size * MAP_ENTRY;
    return index;
  }

  /** Normalised email → row (or rows, when customers share an address), built on first use. */
  emailIndex(column: number): Map<string, number | number[]> {
    if (this.byEmail) return this.byEmail;
    this.requireComplete();
    const index = new Map<string, number | number[]>();
    const values = this.columns[column] ?? [];
    for (let row = 0; row < values.length; row++) {
      const value = values[row];
      if (value === null || value === undefined) continue;
      const key = normaliseEmail(value);
      if (key === '') continue;
      const seen = index.get(key);
      if (seen === undefined) {
        index.set(key, row);
        this.bytes += MAP_ENTRY + (key === value ? 0 : stringBytes(key));
      } else if (Array.isArray(seen)) seen.push(row);
      else index.set(key, [seen, row]);
    }
    this.byEmail = index;
    return index;
  }

  private requireComplete(): void {
    if (this.state !== 'complete') throw new Error('only a complete snapshot can be indexed');
  }
}
