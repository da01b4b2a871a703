// Yoga's parse cache, bounded in bytes. Yoga's own keeps 1,024 documents by count, keyed by their
// text: a document is as long as a request body allows (GATEWAY_MAX_BODY_BYTES, 2 MiB by default),
// mostly comment or one long string if a client wants, so a count alone would let one client park
// gigabytes here. The parsed document also holds what graphql-jit compiled for it (src/perf/jit.ts
// keys its plan by the document), so a document is charged for its text, its tree and its plan.
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

export const DEFAULT_DOCUMENT_CACHE_MAX_BYTES = 64 * 2 ** 20;
/** Yoga's own lifetime for parsed documents. */
const TTL_MS = 3_600_000;
/**
 * Charge per lexical token: measured (`node --expose-gc`, this schema, documents of 27–118 tokens)
 * at 160–320 heap bytes per token for the parsed tree with its token list and ~500 for the compiled
 * graphql-jit plan; 1 KiB per token keeps the estimate above both together.
 */
const BYTES_PER_TOKEN = 1_024;
/** Two bytes per character: V8's worst case for a string, so the text is never under-counted. */
const textBytes = (text: string) => 2 * text.length;

function tokenCount(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken ?? null; token !== null; token = token.next) count += 1;
  return count;
}

/**
 * What a cached document is charged: its text (the cache key) plus its tree and compiled plan. A
 * document parsed without locations has no token list to count; it is charged a token per four
 * characters, about what the manifest's documents average.
 */
export const documentBytes = (text: string, document: DocumentNode): number =>
  textBytes(text) + BYTES_PER_TOKEN * Math.max(1, document.loc ? tokenCount(document) : Math.ceil(text.length / 4));

export interface DocumentCaches {
  documentCache: LRUCache<string, DocumentNode>;
  /** Texts that failed to parse, with their error: an eighth of the budget. */
  errorCache: LRUCache<string, object>;
  /** Bytes charged for everything held, for the `cdp_cache_bytes` gauge. */
  bytes(): number;
}

export function documentCaches(maxBytes = DEFAULT_DOCUMENT_CACHE_MAX_BYTES): DocumentCaches {
  const documentCache = new LRUCache<string, DocumentNode>({
    max: 1_024,
    ttl: TTL_MS,
    maxSize: maxBytes,
    sizeCalculation: (document, text) => documentBytes(text, document),
  });
  const errorCache = new LRUCache<string, object>({
    max: 1_024,
    ttl: TTL_MS,
    maxSize: Math.max(1, Math.floor(maxBytes / 8)),
    // The text, plus the GraphQLError with its stack and locations (a few KB).
    sizeCalculation: (_error, text) => textBytes(text) + ERROR_BYTES,
  });
  return { documentCache, errorCache, bytes: () => documentCache.calculatedSize + errorCache.calculatedSize };
}

/** A parse error as kept: the GraphQLError, its captured stack, message and locations. */
const ERROR_BYTES = 8_192;

/**
 * Yoga keeps each cached document's validation result beside it (a WeakMap keyed by the document),
 * and the errors of an invalid document (each with a stack, a few KB) are not charged above: a
 * thousand invalid documents of a hundred errors each would hold ~300 MB. A document that fails
 * validation is taken out of the cache, so its errors go with the request; it is parsed and
 * validated again if sent again, which only its sender pays for.
 */
export function useForgetInvalidDocuments(caches: DocumentCaches): Plugin {
  return {
    onValidate({ params }) {
      return ({ result }) => {
        const text = params.documentAST.loc?.source.body;
        if (result.length > 0 && text !== undefined) caches.documentCache.delete(text);
      };
    },
  };
}
