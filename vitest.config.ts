import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node, and so graphql-yoga loaded by
    // Node, takes `main`; vite would take `module` for our sources. Two copies break `instanceof
    // GraphQLError`, so tests use the one Node uses, as `npm start` does.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file starts its own sandboxes on free ports; two cores, so two workers.
    maxWorkers: 2,
  },
});
