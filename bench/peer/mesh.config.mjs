// Composes the peer's supergraph from the OpenAPI description; bench/compare.ts runs
// `mesh-compose` with PIMCORE_URL and PIMCORE_API_KEY pointing at the benchmark's sandbox.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Pimcore', {
        source: './pimcore.openapi.json',
        endpoint: process.env.PIMCORE_URL ?? 'http://127.0.0.1:1/webservice/cmf',
        operationHeaders: { 'X-API-Key': process.env.PIMCORE_API_KEY ?? '' },
      }),
    },
  ],
});
