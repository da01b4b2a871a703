// Produces the export body chunk by chunk, paced like a real export: a project-sized body is never
// held in memory twice, and a client sees rows arrive over time instead of all at once.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Column, ExportFormat, SegmentFilter } from './export-request.js';
import { type BloomreachCustomer, type CellValue, ID_NAMES, PROPERTY_NAMES, type PropertyName } from './seed.js';

/** Rows encoded per yielded chunk (about 100 kB of CSV). */
const CHUNK_ROWS = 1_000;

/**
 * The project's own name for each seeded property that it names differently (a tenant's schema:
 * e.g. `first_name` stored as `firstname`). Seeded names not listed keep their own name.
 */
export type PropertyNames = ReadonlyMap<PropertyName, string>;

/** Which seeded property a requested property name reads, under the project's naming. */
function seededName(name: string, names: PropertyNames): string | undefined {
  for (const [seeded, projectName] of names) if (projectName === name) return seeded;
  // A seeded property the project renamed is not there under its seeded name.
  return names.has(name as PropertyName) ? undefined : name;
}

function cell(customer: BloomreachCustomer, column: Column, names: PropertyNames): CellValue {
  if (column.kind === 'id') return customer.ids[column.name];
  const name = seededName(column.name, names);
  // Own properties only: a requested property named `constructor` or `__proto__` must export empty,
  // not whatever the object prototype holds under that name.
  const properties = customer.properties as Record<string, string | number | undefined>;
  return name !== undefined && Object.hasOwn(properties, name) ? (properties[name] ?? null) : null;
}

/** Default column order: identifiers, then properties under the project's names (the order the upstream doc describes). */
export function defaultColumns(names: PropertyNames): Column[] {
  return [
    ...ID_NAMES.map((name): Column => ({ kind: 'id', name })),
    ...PROPERTY_NAMES.map((name): Column => ({ kind: 'property', name: names.get(name) ?? name })),
  ];
}

/**
 * Header text for a column. The vendor says only that the header "explains which column corresponds
 * to which attribute"; it does not say how. These labels deliberately differ from the raw names so
 * that no client can come to rely on the wording (the gateway maps columns by position).
 */
export function columnLabel(column: Column): string {
  return column.kind === 'id' ? `Customer ID: ${column.name}` : `Property: ${column.name}`;
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
  propertyNames: PropertyNames;
}

export function columnLabels(columns: readonly Column[]): string[] {
  return columns.map(columnLabel);
}

export async function* exportChunks(source: ExportSource): AsyncGenerator<string> {
  const { customers, assignment, filter, columns, format, msPer1000Rows, propertyNames } = source;
  const header = columnLabels(columns);
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
    const row = columns.map((column) => cell(customer, column, propertyNames));
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
