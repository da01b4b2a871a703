import { describe, expect, it } from 'vitest';
import type { WriteOutcome } from '../../src/domain/model.js';
import { UpstreamError } from '../../src/errors.js';
import { type BatchOutcome, chunk, failAll, writeBatch, writeInChunks } from '../../src/sources/batch.js';

const applied = (record: string): WriteOutcome<string> => ({ status: 'APPLIED', record });

/** A batch sender that writes every item it gets (upper-cased) and remembers what it was sent. */
function recorder() {
  const sent: string[][] = [];
  const send = async (part: readonly string[]): Promise<BatchOutcome<string>> => {
    sent.push([...part]);
    return part.map((item) => applied(item.toUpperCase()));
  };
  return { sent, send };
}

const describeOutcome = (o: WriteOutcome<string> | Error) => (o instanceof Error ? `error: ${o.message}` : `${o.status} ${o.record}`);

describe('chunk', () => {
  it('splits into runs of at most `size`, in order, the last one short', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('makes one run of exactly `size` and two runs of one more item', () => {
    expect(chunk([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(chunk([1, 2, 3, 4], 3)).toEqual([[1, 2, 3], [4]]);
  });

  it('gives no runs for no items', () => {
    expect(chunk([], 200)).toEqual([]);
  });
});

describe('writeInChunks', () => {
  it('answers one outcome per item in input order across chunks', async () => {
    const r = recorder();
    const out = await writeInChunks(chunk(['a', 'b', 'c', 'd', 'e'], 2), r.send);
    expect(out.map(describeOutcome)).toEqual(['APPLIED A', 'APPLIED B', 'APPLIED C', 'APPLIED D', 'APPLIED E']);
    expect(r.sent).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('fails only the items of a chunk whose send throws, and still sends the chunks after it', async () => {
    const sent: string[][] = [];
    const refused = new UpstreamError('UPSTREAM_UNAVAILABLE', 'chunk 2 lost to a 503', { retryable: true });
    const out = await writeInChunks(chunk(['a', 'b', 'c', 'd', 'e'], 2), async (part) => {
      sent.push([...part]);
      if (part.includes('c')) throw refused;
      return part.map((item) => applied(item));
    });
    expect(sent).toHaveLength(3);
    expect(out.map(describeOutcome)).toEqual([
      'APPLIED a',
      'APPLIED b',
      'error: chunk 2 lost to a 503',
      'error: chunk 2 lost to a 503',
      'APPLIED e',
    ]);
    // The thrown UpstreamError itself, so its retryable flag reaches the client.
    expect(out[2]).toBe(refused);
    expect((out[3] as UpstreamError).retryable).toBe(true);
  });

  it('turns a thrown non-Error into an Error carrying its text', async () => {
    const out = await writeInChunks([['a']], () => Promise.reject('socket closed'));
    expect(out[0]).toBeInstanceOf(Error);
    expect((out[0] as Error).message).toBe('socket closed');
  });

  it('reports the items a sender left unanswered as written-maybe, not retryable', async () => {
    const out = await writeInChunks([['a', 'b', 'c']], async () => [applied('a')]);
    expect(out[0]).toEqual(applied('a'));
    for (const missing of [out[1], out[2]]) {
      expect(missing).toBeInstanceOf(UpstreamError);
      expect(missing).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', retryable: false });
      expect((missing as Error).message).toMatch(/may have been written/);
    }
  });

  it('keeps per-item errors a sender reports inside a chunk', async () => {
    const rejected = new Error('email: invalid');
    const out = await writeInChunks([['a', 'b']], async () => [rejected, applied('b')]);
    expect(out).toEqual([rejected, applied('b')]);
  });

  it('sends chunks one at a time by default, so a later chunk never overtakes an earlier one', async () => {
    const events: string[] = [];
    await writeInChunks([['a'], ['b'], ['c']], async (part) => {
      events.push(`start ${part[0]}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${part[0]}`);
      return part.map(applied);
    });
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('has at most `concurrency` chunks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    await writeInChunks(
      chunk(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 1),
      async (part) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return part.map(applied);
      },
      3,
    );
    expect(most).toBe(3);
  });
});

describe('writeBatch', () => {
  const unsupported = () => new Error('no batch write here');

  it('answers nothing and calls nobody for no inputs', async () => {
    const r = recorder();
    expect(await writeBatch([], { many: r.send, one: async (i: string) => applied(i) }, unsupported, 4)).toEqual([]);
    expect(r.sent).toEqual([]);
  });

  it('hands the whole batch to the batch write when there is one, even if single writes exist', async () => {
    const r = recorder();
    const singles: string[] = [];
    const out = await writeBatch(
      ['a', 'b', 'c'],
      {
        many: r.send,
        one: async (i: string) => {
          singles.push(i);
          return applied(i);
        },
      },
      unsupported,
      4,
    );
    expect(r.sent).toEqual([['a', 'b', 'c']]);
    expect(singles).toEqual([]);
    expect(out.map(describeOutcome)).toEqual(['APPLIED A', 'APPLIED B', 'APPLIED C']);
  });

  it('falls back to one write per item, a failing item failing alone', async () => {
    const out = await writeBatch(
      ['a', 'bad', 'c'],
      {
        one: async (i: string) => {
          if (i === 'bad') throw new Error('bad: refused');
          return applied(i);
        },
      },
      unsupported,
      2,
    );
    expect(out.map(describeOutcome)).toEqual(['APPLIED a', 'error: bad: refused', 'APPLIED c']);
  });

  it('answers every item with the unsupported error when the vendor has neither write', async () => {
    const out = await writeBatch<string, string>(['a', 'b'], {}, unsupported, 2);
    expect(out.map(describeOutcome)).toEqual(['error: no batch write here', 'error: no batch write here']);
  });
});

describe('failAll', () => {
  it('fails every item with the same Error', () => {
    const error = new Error('unknown vendor');
    const out = failAll<string>(['a', 'b', 'c'], error);
    expect(out).toEqual([error, error, error]);
    expect(out[0]).toBe(error);
  });

  it('wraps a non-Error once for all items', () => {
    const out = failAll<string>(['a', 'b'], 'gone');
    expect(out[0]).toBeInstanceOf(Error);
    expect((out[0] as Error).message).toBe('gone');
    expect(out[1]).toBe(out[0]);
  });
});
