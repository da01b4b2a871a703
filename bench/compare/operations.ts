// The benchmarked operations, each with the fewest vendor calls its vendors' APIs allow (steady
// state: per-process caches and tokens warm) and why. bench/compare.ts prints the minimum next to
// the calls it counted in the sandboxes.
import { randomUUID } from 'node:crypto';
import { globalId } from '../../src/ids.js';
import { people } from '../../src/sandbox/people.js';

export type OperationName = 'page50' | 'page20rel' | 'nodes20' | 'byEmail' | 'mutation';

export interface BenchOperation {
  query: string;
  variables?: Record<string, unknown>;
  /** Operations whose every request must differ (writes): fresh variables, and a fresh Idempotency-Key. */
  fresh?: { variables: () => Record<string, unknown> };
  /** The same read against Hive Gateway's OpenAPI-generated schema, where it can express it. */
  peer?: string;
  /** Fewest vendor calls per operation, with the reason. */
  minimum: string;
  expect?: (body: unknown) => boolean;
}

// Person 0 is seeded in every sandbox (src/sandbox/people.ts), so the lookup finds someone everywhere.
const SHARED_EMAIL = people(1)[0]?.email ?? 'nobody@example.com';

export const OPERATIONS: Record<OperationName, BenchOperation> = {
  page50: {
    query: 'query Page50 { customers(vendor: PIMCORE, first: 50) { edges { node { id email firstName lastName } } } }',
    peer: '{ customers(page: 1, pageSize: 50) { data { id email firstname lastname } } }',
    // One page-numbered list call returns the 50 customers; nothing else is selected.
    minimum: 'pimcore GET /customers: 1',
  },
  page20rel: {
    query:
      'query Page20 { customers(vendor: PIMCORE, first: 20) { edges { node { id email ' +
      'activities(first: 5) { edges { node { id type occurredAt } } } segments { id name } } } } }',
    // Hive Gateway's OpenAPI schema embeds activities but has only segment ids (no join to /segments).
    peer: '{ customers(page: 1, pageSize: 20, includeActivities: true) { data { id email activities { id type activityDate } segments } } }',
    // Activities come embedded in the page with includeActivities (the CMF has no customerId filter
    // on /activities); a customer carries segment ids only, so names need the segment list, one page
    // of up to 100 segments (the sandbox seeds fewer).
    minimum: 'pimcore GET /customers: 1; pimcore GET /segments: 1',
  },
  nodes20: {
    query:
      'query Nodes20($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { email activities(first: 5) { edges { node { id type } } } } } }',
    variables: { ids: Array.from({ length: 20 }, (_, i) => globalId('Customer', 'PIMCORE', String(i + 1))) },
    // The CMF has no multi-id read: one GET per customer, which embeds its activities with includeActivities.
    minimum: 'pimcore GET /customers/{id}: 20',
  },
  byEmail: {
    query: 'query ByEmail($email: String!) { customersByEmail(email: $email) { id vendor email firstName lastName } }',
    variables: { email: SHARED_EMAIL },
    // Pimcore's and Bloomreach's APIs cannot filter by email: both are answered from a per-process
    // index (Pimcore: the customer list, refreshed every PIMCORE_INDEX_REFRESH_MS; Bloomreach: the
    // export snapshot), so 0 per operation in steady state. Synerise reads a profile by email and
    // Mautic searches contacts by email, one call each. SFCC holds no customers here (sites, custom
    // objects), so it is not asked. OAuth tokens (Synerise, Bloomreach) are cached until expiry.
    minimum: 'synerise 1; mautic 1; pimcore 0 and bloomreach 0 (indexes); sfcc not asked',
    expect: (body) => {
      const list = (body as { data?: { customersByEmail?: unknown[] } }).data?.customersByEmail;
      return Array.isArray(list) && list.length > 0 && !('errors' in (body as object));
    },
  },
  mutation: {
    query:
      'mutation Track($input: CreateActivityInput!) { createActivity(input: $input) { __typename ... on ActivityPayload { activity { id } } } }',
    fresh: {
      variables: () => ({
        input: { customerId: globalId('Customer', 'PIMCORE', '1'), type: 'app.open', attributes: { session: randomUUID() } },
      }),
    },
    // One POST creates the activity and answers it; the customer id travels in the body, so no read first.
    minimum: 'pimcore POST /activities: 1',
    expect: (body) =>
      (body as { data?: { createActivity?: { __typename?: string } } }).data?.createActivity?.__typename === 'ActivityPayload',
  },
};
