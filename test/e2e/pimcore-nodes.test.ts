// nodes(ids) over Pimcore customers with activities: the CMF has no multi-id read, so the minimum is
// one GET /customers/{id} (with includeActivities) per customer, shared by the fields and the activities.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });
beforeEach(() => t.pimcore.resetCalls());

const customerId = (n: number) => Buffer.from(`Customer:PIMCORE:${n}`).toString('base64url');

const NODES = `query($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on Customer { email activities(first: 3) { totalCount edges { node { id } } } } }
}`;

describe('Pimcore nodes(ids) with activities', () => {
  it('costs one GET per customer, with includeActivities', async () => {
    const ids = [4, 5, 6].map(customerId);
    const { body } = await t.post(NODES, { ids });
    expect(body.errors).toBeUndefined();
    const nodes = (body.data as { nodes: { id: string; activities: { totalCount: number } }[] }).nodes;
    expect(nodes.map((n) => n.id)).toEqual(ids);
    nodes.forEach((node, i) => {
      expect(node.activities.totalCount).toBe(t.pimcore.store.activitiesOfCustomer(4 + i).length);
    });
    expect(t.pimcore.calls()).toBe(3);
    expect(t.pimcore.calls('GET /customers/{id}')).toBe(3);
    expect(t.pimcore.lastQuery('GET /customers/{id}')?.get('includeActivities')).toBe('true');
  });

  it('shares that GET between node(id) and customer(id) of the same customer in one query', async () => {
    const id = customerId(4);
    const { body } = await t.post(
      `{ node(id: "${id}") { id } customer(id: "${id}") { activities(first: 1) { totalCount } } nodes(ids: ["${id}"]) { id } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(t.pimcore.calls('GET /customers/{id}')).toBe(1);
    expect(t.pimcore.calls()).toBe(1);
  });
});
