// Produces the export body chunk by chunk, paced like a real export: a project-sized body is never
// held in memory twice, and a client sees rows arrive over time instead of all at once.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Column, ExportFormat, SegmentFilter } from './export-request.js';
import { type BloomreachCustomer, type CellValue, ID_NAMES, PROPERTY_NAMES } from './seed.js';

/** Rows encoded per yielded chunk (about 100 kB of CSV). */
const CHUNK_ROWS = 1_000;

/** Default column order: identifiers, then properties (the order the upstream doc describes). */
export const DEFAULT_COLUMNS: readonly Column[] = [
  ...ID_NAMES.map((name): Column => ({ kind: 'id', name })),
  ...PROPERTY_NAMES.map((name): Column => ({ kind: 'property', name })),
];

function cell(customer: BloomreachCustomer, column: Column): CellValue {
  if (column.kind === 'id') return customer.ids[column.name];
  // Own properties only: a requested property named `constructor` or `__proto__` must export empty,
  // not whatever the object prototype holds under that name.
  const properties = customer.properties as Record<string, string | number | undefined>;
  return Object.hasOwn(properties, column.name) ? (properties[column.name] ?? null) : null;
}

/** RFC 4180: quote fields holding a separator, quote or line break (and ones with edge spaces). */
export function csvField(value: CellValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// CRLF line ends, as RFC 4180 and Python's csv writer (Bloomreach's backend) produce.
const csvLine = (values: readonly CellValue[]): string => `${values.map(csvField).join(',')}\r\n`;

export interface ExportSource {
  customers: readonly BloomreachCustomer[];
  /** Segment index per customer for the filter's segmentation. */
  assignment: Int8Array | undefined;
  filter: SegmentFilter | undefined;
  columns: readonly Column[];
  format: ExportFormat;
  /** Simulated export throughput; 0 streams as fast as the socket takes it. */
  msPer1000Rows: number;
}

export function columnNames(columns: readonly Column[]): string[] {
  return columns.map((c) => c.name);
}

export async function* exportChunks(source: ExportSource): AsyncGenerator<string> {
  const { customers, assignment, filter, columns, format, msPer1000Rows } = source;
  const header = columnNames(columns);
  const csv = format === 'csv';
  let pending = csv ? csvLine(header) : `{"header":${JSON.stringify(header)},"rows":[`;
  let rowsInChunk = 0;
  let rowsSent = 0;
  const started = performance.now();
  const msPerRow = msPer1000Rows / 1_000;

  for (let i = 0; i < customers.length; i++) {
    if (filter && assignment && assignment[i] !== filter.segmentIndex) continue;
    const customer = customers[i];
    if (!customer) continue;
    const row = columns.map((column) => cell(customer, column));
    if (csv) pending += csvLine(row);
    else pending += `${rowsSent + rowsInChunk === 0 ? '' : ','}${JSON.stringify(row)}`;
    rowsInChunk += 1;
    if (rowsInChunk === CHUNK_ROWS) {
      rowsSent += rowsInChunk;
      rowsInChunk = 0;
      // Pace against a deadline rather than sleeping per chunk, so timer overhead does not add up.
      const due = started + rowsSent * msPerRow - performance.now();
      if (due >= 1) await sleep(due);
      yield pending;
      pending = '';
    }
  }
  rowsSent += rowsInChunk;
  const due = started + rowsSent * msPerRow - performance.now();
  if (due >= 1) await sleep(due);
  yield csv ? pending : `${pending}]}`;
}
