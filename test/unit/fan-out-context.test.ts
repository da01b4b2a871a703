// A call queued behind the fan-out limiter runs in its own request's context (deadline, signal, id),
// not in the context of whichever request's call finished before it. p-limit preserves the context;
// the request deadline relies on it, so this pins it against a change of limiter.
import { describe, expect, it } from 'vitest';
import { currentRequest, runInRequest } from '../../src/request-context.js';
import { createLimiter } from '../../src/sources/fan-out.js';

describe('createLimiter', () => {
  it('starts a queued call in the request context it was queued from', async () => {
    const limiter = createLimiter(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = runInRequest({ requestId: 'a', signal: undefined }, () =>
      limiter(async () => {
        await gate;
        return currentRequest()?.requestId;
      }),
    );
    const second = runInRequest({ requestId: 'b', signal: undefined }, () => limiter(async () => currentRequest()?.requestId));
    release();
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
  });
});
