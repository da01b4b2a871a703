// The shared harness's fault injection, driven as tests and the demo drive it: counted exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAULTS_PATH } from '../../src/sandbox/harness.js';
import { createPimcoreSandbox, type PimcoreSandbox } from '../../src/sandbox/pimcore/index.js';

let sb: PimcoreSandbox;
beforeAll(async () => {
  sb = createPimcoreSandbox();
  await sb.start();
});
afterAll(() => sb.stop());
beforeEach(() => {
  sb.clearFaults();
  sb.resetCalls();
});

const get = (path: string) => fetch(`${sb.url}${path}`, { headers: { 'X-API-Key': sb.apiKey } });

describe('sandbox faults', () => {
  it('everyNth fails exactly every Nth matching call', async () => {
    sb.injectFault({ route: 'GET /customers', status: 503, everyNth: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get('/customers')).status);
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
  });

  it('probability 0 never fires, 1 always does', async () => {
    sb.injectFault({ route: 'GET /customers', status: 500, probability: 0 });
    expect((await get('/customers')).status).toBe(200);
    sb.clearFaults();
    sb.injectFault({ route: 'GET /customers', status: 500, probability: 1 });
    expect((await get('/customers')).status).toBe(500);
  });

  it('retryAfterSeconds answers 429 with Retry-After', async () => {
    sb.injectFault({ route: 'GET /customers', retryAfterSeconds: 7, times: 1 });
    const res = await get('/customers');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await get('/customers')).status).toBe(200);
  });

  it('hang answers nothing until the client gives up, and counts the closed connection', async () => {
    sb.injectFault({ route: 'GET /customers', hang: true, times: 1 });
    await expect(fetch(`${sb.url}/customers`, { headers: { 'X-API-Key': sb.apiKey }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    await expect.poll(() => sb.aborted).toBe(1);
  });

  it('commitThenHang applies the write, then never answers', async () => {
    const before = sb.store.customers.size;
    sb.injectFault({ route: 'POST /customers', commitThenHang: true, times: 1 });
    await expect(
      fetch(`${sb.url}/customers`, {
        method: 'POST',
        headers: { 'X-API-Key': sb.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'committed@example.org', firstname: 'C', lastname: 'T' }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(sb.store.customers.size).toBe(before + 1);
  });

  it('the HTTP control path adds, lists and clears faults without counting as calls', async () => {
    const control = `${sb.baseOrigin}${FAULTS_PATH}`;
    expect(
      (await fetch(control, { method: 'POST', body: JSON.stringify({ route: 'GET /customers', status: 502, times: 1 }) })).status,
    ).toBe(201);
    expect(await (await fetch(control)).json()).toEqual([{ route: 'GET /customers', status: 502, times: 1 }]);
    expect((await get('/customers')).status).toBe(502);
    await fetch(control, { method: 'POST', body: JSON.stringify({ status: 500 }) });
    expect((await fetch(control, { method: 'DELETE' })).status).toBe(204);
    expect((await get('/customers')).status).toBe(200);
    expect(sb.calls()).toBe(2);
  });
});
