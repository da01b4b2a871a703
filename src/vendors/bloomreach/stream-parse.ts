// Incremental RFC 4180 reader over the export's byte stream. It scans bytes, not text: the
// delimiters are ASCII and never occur inside a UTF-8 multi-byte sequence, so a chunk boundary can
// split a character without harm, and each field is decoded once into a fresh string (a slice of a
// big chunk string would keep the whole chunk alive for as long as the snapshot holds the field).
// Only the unfinished record at the end of a chunk is carried over; the rest of the chunk is dropped.
const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** One record longer than this is not a customer row; stop instead of buffering without bound. */
const MAX_RECORD_BYTES = 1 << 20;

// A module-level function, not a closure: this runs once per field.
function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 ? buf.length : at;
}

export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** `fields` is reused between records: copy what you keep (the strings themselves are safe to keep). */
export type RecordHandler = (fields: readonly string[]) => void;

export class CsvStreamParser {
  private carry: Buffer | undefined;
  private started = false;
  private readonly fields: string[] = [];
  private scanned: Buffer | undefined;
  private comma = -1;
  private cr = -1;
  private lf = -1;
  records = 0;

  constructor(private readonly onRecord: RecordHandler) {}

  /** Feeds the next chunk; every record it completes is handed to the handler before this returns. */
  push(chunk: Buffer): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    if (!this.started) {
      if (buf.length < BOM.length && BOM.subarray(0, buf.length).equals(buf)) {
        this.carry = Buffer.from(buf);
        return;
      }
      this.started = true;
      if (buf.subarray(0, BOM.length).equals(BOM)) buf = buf.subarray(BOM.length);
    }
    let pos = 0;
    while (pos < buf.length) {
      const next = this.readRecord(buf, pos, false);
      if (next < 0) break;
      pos = next;
    }
    this.scanned = undefined;
    if (pos < buf.length) {
      if (buf.length - pos > MAX_RECORD_BYTES) throw new CsvFormatError(`a record is longer than ${MAX_RECORD_BYTES} bytes`);
      // Copied so the chunk it came from can be collected.
      this.carry = Buffer.from(buf.subarray(pos));
    }
  }

  /** The body ended: a last record without a line break still counts (lenient), an open quote does not. */
  end(): void {
    const rest = this.carry;
    this.carry = undefined;
    if (rest && rest.length > 0 && this.readRecord(rest, 0, true) < 0) throw new CsvFormatError('the body ends inside a quoted field');
  }

  /** Reads one record starting at `pos`; returns where the next one starts, or -1 if it is not complete yet. */
  private readRecord(buf: Buffer, pos: number, atEnd: boolean): number {
    const fields = this.fields;
    fields.length = 0;
    const n = buf.length;
    let i = pos;
    let onlyEmpty = true;
    for (;;) {
      if (i < n && buf[i] === QUOTE) {
        onlyEmpty = false;
        let j = i + 1;
        let escaped = false;
        let close = -1;
        while (close < 0) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0) return -1;
          if (q + 1 < n && buf[q + 1] === QUOTE) {
            escaped = true;
            j = q + 2;
          } else if (q + 1 >= n && !atEnd) {
            return -1; // the next chunk may start with the second quote of an escape
          } else close = q;
        }
        const text = buf.toString('utf8', i + 1, close);
        fields.push(escaped ? text.replaceAll('""', '"') : text);
        i = close + 1;
      } else {
        const j = this.nextDelimiter(buf, i);
        if (j >= n && !atEnd) return -1;
        if (j > i) onlyEmpty = false;
        fields.push(j > i ? buf.toString('utf8', i, j) : '');
        i = j;
      }
      if (i >= n) {
        if (!atEnd) return -1;
        this.emit(onlyEmpty);
        return n;
      }
      const b = buf[i];
      if (b === COMMA) {
        onlyEmpty = false;
        i += 1;
        continue;
      }
      if (b === CR) {
        if (i + 1 >= n && !atEnd) return -1;
        this.emit(onlyEmpty);
        // CRLF is the documented line end; a bare CR or LF is accepted too (lenient reader).
        return buf[i + 1] === LF ? i + 2 : i + 1;
      }
      if (b === LF) {
        this.emit(onlyEmpty);
        return i + 1;
      }
      throw new CsvFormatError(`unexpected character after a quoted field in record ${this.records + 1}`);
    }
  }

  /**
   * Where the unquoted field at `i` ends. Native indexOf per delimiter, remembered while still ahead:
   * a record's line end is searched once, not once per field.
   */
  private nextDelimiter(buf: Buffer, i: number): number {
    if (this.scanned !== buf) {
      this.scanned = buf;
      this.comma = this.cr = this.lf = -1;
    }
    if (this.comma < i) this.comma = indexOrEnd(buf, COMMA, i);
    if (this.cr < i) this.cr = indexOrEnd(buf, CR, i);
    if (this.lf < i) this.lf = indexOrEnd(buf, LF, i);
    return Math.min(this.comma, this.cr, this.lf);
  }

  private emit(onlyEmpty: boolean): void {
    // A blank line is not a record (one empty unquoted field); Python's csv writer never emits one.
    if (onlyEmpty && this.fields.length === 1) return;
    this.records += 1;
    this.onRecord(this.fields);
  }
}
