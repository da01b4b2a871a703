// Every example in the Bloomreach doc (test/fixtures/vendor-docs/bloomreach/, copied byte for byte
// with the lines it came from) read with the adapter's own wire schemas, configuration and CSV
// reader, and checked against what the doc implies. A doc example the adapter cannot read fails here.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { type BloomreachSandbox, createBloomreachSandbox, EXPORT_PATTERN } from '../../src/sandbox/bloomreach/index.js';
import { columnLayout } from '../../src/vendors/bloomreach/attributes.js';
import { EXPORT_OPERATION } from '../../src/vendors/bloomreach/client.js';
import { toCustomer } from '../../src/vendors/bloomreach/map.js';
import { Snapshot } from '../../src/vendors/bloomreach/snapshot.js';
import { CsvStreamParser } from '../../src/vendors/bloomreach/stream-parse.js';
import { ExportAttributesWire } from '../../src/vendors/bloomreach/wire.js';

const DIR = new URL('../fixtures/vendor-docs/bloomreach/', import.meta.url);

interface Manifest {
  examples: { file: string; lines: [number, number]; kind: string; repair: string | null }[];
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as Manifest;
const fixture = (file: string): string => readFileSync(new URL(file, DIR), 'utf8');

let sb: BloomreachSandbox;
beforeAll(async () => {
  sb = createBloomreachSandbox({ customerCount: 4, exportDelayMs: 0, msPer1000Rows: 0 });
  await sb.start();
});
afterAll(() => sb.stop());

async function exportCsv(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await request(`${sb.url}/data/v2/projects/${sb.projectToken}/customers/export`, {
    method: 'POST',
    headers: { authorization: sb.basicAuth(), 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('the fixtures', () => {
  it('hold every example the manifest lists, each as many lines as the doc range it names', () => {
    expect(manifest.examples.map((e) => e.file)).toEqual(['export-path.L1.txt', 'attributes.L30-42.txt', 'headers.L57-60.txt']);
    for (const example of manifest.examples) {
      const [from, to] = example.lines;
      expect(
        fixture(example.file)
          .split('\n')
          .filter((line, i, all) => i < all.length - 1 || line !== ''),
      ).toHaveLength(to - from + 1);
    }
  });
});

describe('doc L1: the request path', () => {
  it('is the path the adapter calls and the sandbox serves', () => {
    const path = fixture('export-path.L1.txt').trim();
    expect(path).toBe('/data/v2/projects/{projectToken}/customers/export');
    expect(EXPORT_OPERATION).toBe(`POST ${path}`);
    expect(EXPORT_PATTERN).toBe(path);
  });
});

describe('doc L30–42: the attributes example', () => {
  // Repair (see manifest.json): the doc prints a bare member; wrapped in { } to be a JSON document.
  const example = (JSON.parse(`{${fixture('attributes.L30-42.txt')}}`) as { attributes: unknown }).attributes;

  it('parses with the adapter wire schema', () => {
    const parsed = ExportAttributesWire.parse(example);
    expect(parsed).toEqual({
      type: 'some',
      list: [
        { type: 'id', id: 'registered' },
        { type: 'id', id: 'cookie' },
      ],
    });
  });

  it('is accepted, item for item, as BLOOMREACH_ATTRIBUTES, and the gateway then sends exactly the example', () => {
    const { list } = ExportAttributesWire.parse(example);
    const config = parseConfig({
      BLOOMREACH_URL: 'http://bloomreach.test',
      BLOOMREACH_PROJECT_TOKEN: 't',
      BLOOMREACH_API_KEY_ID: 'k',
      BLOOMREACH_API_SECRET: 's',
      BLOOMREACH_ATTRIBUTES: JSON.stringify(list),
    });
    const layout = columnLayout(config.bloomreach?.attributes);
    expect(layout.request).toEqual(example);
    expect(layout.ids).toEqual([
      { name: 'registered', column: 0 },
      { name: 'cookie', column: 1 },
    ]);
  });

  it('exports two columns in list order, which map to customers named by the hard ID, else the soft ID', async () => {
    const reply = await exportCsv({ format: 'csv', attributes: example });
    expect(reply.status).toBe(200);
    const layout = columnLayout(ExportAttributesWire.parse(example).list);
    const snapshot = new Snapshot('doc-example');
    let header: readonly string[] | undefined;
    const parser = new CsvStreamParser((fields) => {
      if (header) snapshot.addRow(fields);
      else {
        header = [...fields];
        snapshot.setWidth(layout.width);
      }
    });
    parser.push(Buffer.from(reply.text));
    parser.end();
    snapshot.finish();
    expect(header).toHaveLength(2);
    const customers = Array.from({ length: snapshot.rowCount }, (_, row) => toCustomer(layout, snapshot, row));
    expect(customers).toHaveLength(sb.customers.length);
    const [first, second] = sb.customers;
    expect(customers[0]).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: `registered:${first?.ids.registered}`,
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      customId: null, // the doc's list gives no column a role
      attributes: { registered: first?.ids.registered, cookie: first?.ids.cookie },
      createdAt: null,
      updatedAt: null,
    });
    expect(first?.ids.registered).toBe('CUST-000000');
    expect(customers[1]).toMatchObject({
      vendorId: `cookie:${second?.ids.cookie}`,
      attributes: { registered: null, cookie: second?.ids.cookie },
    });
  });
});

describe('doc L57–60: the request headers', () => {
  const rows = fixture('headers.L57-60.txt')
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('lists authorization and content-type application/json as required', () => {
    expect(rows.map(([name, , description, required]) => [name, required, name === 'content-type' ? description : undefined])).toEqual([
      ['authorization', 'Required', undefined],
      ['content-type', 'Required', 'application/json'],
    ]);
  });

  it('are both needed by the sandbox: without either the export is refused', async () => {
    const body = { format: 'csv', attributes: { type: 'some', list: [{ type: 'id', id: 'registered' }] } };
    expect((await exportCsv(body)).status).toBe(200);
    const noAuth = await request(`${sb.url}/data/v2/projects/${sb.projectToken}/customers/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(noAuth.statusCode).toBe(401);
    await noAuth.body.dump();
    expect((await exportCsv(body, { 'content-type': 'text/plain' })).status).toBe(400);
  });
});
