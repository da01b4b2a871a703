// Child process of bench/compare.ts: the Yoga floor. Plain graphql-yoga answering the benchmark's
// 50-customer query: no authentication, no plugins. What any gateway built on this stack can at best
// reach. `--jit` adds @envelop/graphql-jit. Without `--fetch` the customers come from a static
// array (no vendor call); with `--fetch` each request makes the one vendor call the page needs
// (undici GET of the Pimcore page at PIMCORE_URL, `JSON.parse`, the four fields picked, no
// validation, no retries, no logs): the floor for any gateway that must call the vendor.
//   node --import tsx bench/compare/yoga-floor.ts [--jit] [--fetch]   prints `listening <port>`
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';
import { Agent, request } from 'undici';

interface Node {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

const nodeId = (vendorId: string | number) => Buffer.from(`Customer:PIMCORE:${vendorId}`).toString('base64url');

const staticCustomers: Node[] = Array.from({ length: 50 }, (_, i) => ({
  id: nodeId(i + 1),
  email: `customer${i + 1}@example.com`,
  firstName: `First${i + 1}`,
  lastName: `Last${i + 1}`,
}));

const fetching = process.argv.includes('--fetch');
const dispatcher = new Agent({ connections: 16 });
const pimcoreUrl = process.env.PIMCORE_URL ?? '';
const pimcoreKey = process.env.PIMCORE_API_KEY ?? '';

interface WireRow {
  id: string | number;
  email?: string | null;
  firstname?: string | null;
  lastname?: string | null;
}

async function fetchCustomers(first: number): Promise<Node[]> {
  const res = await request(`${pimcoreUrl}/customers?page=1&pageSize=${first}`, {
    dispatcher,
    headers: { accept: 'application/json', 'x-api-key': pimcoreKey },
  });
  const page = JSON.parse(await res.body.text()) as { data: WireRow[] };
  return page.data.map((row) => ({
    id: nodeId(row.id),
    email: row.email ?? null,
    firstName: row.firstname ?? null,
    lastName: row.lastname ?? null,
  }));
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    enum Vendor { PIMCORE SYNERISE MAUTIC SFCC BLOOMREACH }
    type Customer { id: ID! email: String firstName: String lastName: String }
    type CustomerEdge { cursor: String! node: Customer }
    type CustomerConnection { edges: [CustomerEdge] }
    type Query { customers(vendor: Vendor!, first: Int): CustomerConnection }
  `,
  resolvers: {
    Query: {
      customers: async (_root: unknown, args: { first?: number }) => {
        const nodes = fetching ? await fetchCustomers(args.first ?? 50) : staticCustomers.slice(0, args.first ?? 50);
        return { edges: nodes.map((node, i) => ({ cursor: String(i), node })) };
      },
    },
  },
});

const jit = process.argv.includes('--jit');
const yoga = createYoga({ schema, logging: false, landingPage: false, graphiql: false, plugins: jit ? [useGraphQlJit()] : [] });
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
