// Child process of bench/compare.ts: the Yoga floor. Plain graphql-yoga answering the benchmark's
// 50-customer query from a static array: no authentication, no plugins, no vendor call. What any
// gateway built on this stack can at best reach; `--jit` adds @envelop/graphql-jit.
//   node --import tsx bench/compare/yoga-floor.ts [--jit]   prints `listening <port>`
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';

const customers = Array.from({ length: 50 }, (_, i) => ({
  id: Buffer.from(`Customer:PIMCORE:${i + 1}`).toString('base64url'),
  email: `customer${i + 1}@example.com`,
  firstName: `First${i + 1}`,
  lastName: `Last${i + 1}`,
}));

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
      customers: (_root: unknown, args: { first?: number }) => ({
        edges: customers.slice(0, args.first ?? 50).map((node, i) => ({ cursor: String(i), node })),
      }),
    },
  },
});

const jit = process.argv.includes('--jit');
const yoga = createYoga({ schema, logging: false, landingPage: false, graphiql: false, plugins: jit ? [useGraphQlJit()] : [] });
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
