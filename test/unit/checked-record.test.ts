import { describe, expect, it } from 'vitest';
import { listEnvelope, WireCustomer } from '../../src/vendors/pimcore/wire.js';

const row = (id: number) => ({
  id,
  email: `c${id}@example.com`,
  firstname: 'Ada',
  customerNumber: `CUST-${id}`,
  gender: 'unknown',
  activities: [{ id: id * 10, type: 'visit', attributes: [] }],
});

describe('checkedRecord (Pimcore wire records)', () => {
  it('answers each record itself, extra keys included, once its fields check', () => {
    const page = { page: 1, totalPages: 1, data: [row(1), row(2)] };
    const parsed = listEnvelope(WireCustomer).parse(page);
    expect(parsed.data[0]).toBe(page.data[0]);
    expect(parsed.data[1]?.customerNumber).toBe('CUST-2');
    expect(parsed.data[1]?.activities?.[0]).toBe(page.data[1]?.activities[0]);
  });

  it('refuses a record whose known field has the wrong type, naming where it sits', () => {
    const bad = { page: 1, totalPages: 1, data: [row(1), { ...row(2), email: 5 }] };
    const result = listEnvelope(WireCustomer).safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['data.1.email', 'Invalid input: expected string, received number'],
    ]);
  });

  it('checks records nested in a record (activities embedded in a customer)', () => {
    const nested = { ...row(3), activities: [{ id: 30, type: 7 }] };
    const result = WireCustomer.safeParse(nested);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['activities.0.type']);
    expect(WireCustomer.safeParse({ email: 'x@example.com' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['id']);
    expect(WireCustomer.safeParse('not a record').success).toBe(false);
  });
});
