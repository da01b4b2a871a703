import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/sandbox/bloomreach/export-stream.js';
import { CsvFormatError, CsvStreamParser } from '../../src/vendors/bloomreach/stream-parse.js';

function parse(chunks: Buffer[]): string[][] {
  const records: string[][] = [];
  const parser = new CsvStreamParser((fields) => records.push([...fields]));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return records;
}

/** Every way of cutting `bytes` into two chunks, plus one byte at a time. */
function splits(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[bytes], Array.from(bytes, (b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) ways.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return ways;
}

describe('CsvStreamParser', () => {
  const rows = [
    ['registered', 'cookie', 'email', 'note'],
    ['CUST-1', 'c1', 'a@example.com', 'size, "EU"\r\nnew'],
    ['', 'c2', 'Zoë.Ångström@example.com', ' padded '],
    ['CUST-3', 'c3', '', '""'],
  ];
  const text = rows.map((r) => `${r.map((v) => csvField(v === '' ? null : v)).join(',')}\r\n`).join('');

  it('reads what the sandbox writes, whatever the chunk boundaries (quotes, CRLF in fields, UTF-8)', () => {
    for (const chunks of splits(Buffer.from(text, 'utf8'))) expect(parse(chunks)).toEqual(rows);
  });

  it('accepts a BOM, LF line ends and a last record without a line break', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\nc,"d"\n\ne,f', 'utf8')]);
    for (const chunks of splits(body))
      expect(parse(chunks)).toEqual([
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
      ]);
  });

  it('refuses a body that ends inside a quoted field or has junk after a closing quote', () => {
    expect(() => parse([Buffer.from('a,"open\r\n')])).toThrow(CsvFormatError);
    expect(() => parse([Buffer.from('a,"x"y\r\n')])).toThrow(CsvFormatError);
  });
});
