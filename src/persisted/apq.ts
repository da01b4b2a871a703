// Automatic persisted queries (the protocol Apollo clients and urql speak): a request carries
// `extensions.persistedQuery = {version: 1, sha256Hash}`; with the document too, the gateway checks
// the hash and remembers the document; without it, a known hash runs the stored document and an
// unknown one answers PERSISTED_QUERY_NOT_FOUND so the client resends with the document.
// (@graphql-yoga/plugin-apq would do this, but its peer range stops at @graphql-tools/utils 10.)
import { hash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PersistedQueryStore } from './store.js';

interface PersistedQueryExtension {
  version: number;
  sha256Hash: string;
}

function persistedQueryOf(extensions: Record<string, unknown> | undefined): PersistedQueryExtension | undefined {
  const pq = extensions?.persistedQuery;
  if (pq === null || typeof pq !== 'object') return undefined;
  const { version, sha256Hash } = pq as Record<string, unknown>;
  if (typeof version !== 'number' || typeof sha256Hash !== 'string') {
    throw new GraphQLError('extensions.persistedQuery needs a numeric version and a sha256Hash string', {
      extensions: { code: 'PERSISTED_QUERY_INVALID', http: { status: 400 } },
    });
  }
  return { version, sha256Hash };
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export function useAutomaticPersistedQueries(store: PersistedQueryStore): Plugin {
  return {
    async onParams({ params, setParams }) {
      const pq = persistedQueryOf(params.extensions);
      if (!pq) return;
      if (pq.version !== 1) {
        throw new GraphQLError(`persistedQuery version ${pq.version} is not supported (only 1)`, {
          extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED', http: { status: 400 } },
        });
      }
      const hash = pq.sha256Hash.toLowerCase();
      if (params.query) {
        if (sha256Hex(params.query) !== hash) {
          throw new GraphQLError('persistedQuery.sha256Hash is not the SHA-256 of the query', {
            extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } },
          });
        }
        await store.set(hash, params.query);
        return;
      }
      const query = await store.get(hash);
      // Answered with 200 like other servers speaking the protocol, so clients read the code and resend.
      if (query === undefined) throw new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
      setParams({ ...params, query });
    },
  };
}
