// graphql-jit for the operations it can compile, graphql-js for the rest. @envelop/graphql-jit on
// its own answers a document graphql-jit cannot compile with the compilation errors; here such a
// document is found once (first execution), remembered, and executed by Yoga's normal executor.
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { DocumentNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/** The plugin, or nothing when switched off (GATEWAY_JIT=false). */
export function jitPlugins(enabled: boolean): ReturnType<typeof useGraphQlJit>[] {
  if (!enabled) return [];
  // Keyed by the parsed document, which Yoga's parse cache shares between requests: one compile per
  // distinct operation, released with the document.
  const compilable = new WeakMap<DocumentNode, boolean>();
  const canCompile = (args: { schema: Parameters<typeof compileQuery>[0]; document: DocumentNode; operationName?: string | null }) => {
    let known = compilable.get(args.document);
    if (known === undefined) {
      known = isCompiledQuery(compileQuery(args.schema, args.document, args.operationName ?? undefined));
      compilable.set(args.document, known);
    }
    return known;
  };
  // The plugin compiles again for its own cache: twice per distinct document, once in its life.
  return [useGraphQlJit({}, { enableIf: canCompile })];
}
