// Trusted documents: with GATEWAY_TRUSTED_DOCUMENTS set, only the operations listed in that manifest
// (`{"<sha256 of the document>": "<document>"}`, written by `npm run codegen`) run; a request names
// one by `extensions.persistedQuery.sha256Hash` (or `documentId`), and any other document is refused.
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';

const ManifestSchema = z.record(z.string().regex(/^[0-9a-f]{64}$/, 'keys must be sha256 hex digests'), z.string().min(1));

export type TrustedManifest = Readonly<Record<string, string>>;

export function readTrustedManifest(path: string): TrustedManifest {
  return ManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function useTrustedDocuments(manifest: TrustedManifest): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => manifest[id] ?? null,
    extractPersistedOperationId: (params) => {
      const extensions = params.extensions as Record<string, unknown> | undefined;
      const pq = extensions?.persistedQuery as Record<string, unknown> | undefined;
      if (typeof pq?.sha256Hash === 'string') return pq.sha256Hash;
      const documentId = (params as { documentId?: unknown }).documentId;
      return typeof documentId === 'string' ? documentId.replace(/^sha256:/, '') : null;
    },
    allowArbitraryOperations: false,
    customErrors: {
      notFound: {
        message: 'This gateway runs only trusted documents, and this one is not in its manifest',
        extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'This gateway runs only trusted documents: send extensions.persistedQuery.sha256Hash',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
      persistedQueryOnly: {
        message: 'This gateway runs only trusted documents: send the hash of a listed document instead of a query',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
    },
  });
}
