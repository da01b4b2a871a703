// graphql-jit for the operations it can compile, graphql-js for the rest. @envelop/graphql-jit on
// its own answers a document graphql-jit cannot compile with the compilation errors; here such a
// document is found once (first execution), remembered, and executed by Yoga's normal executor.
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/**
 * Fields a document may select once fragments are inlined before it is left to graphql-js:
 * graphql-jit inlines every spread, so a fragment fan (F0 spreads F1 twice, F1 spreads F2 twice, …)
 * would compile 2^depth selections, while graphql-js visits each fragment once.
 */
const MAX_INLINED_FIELDS = 5_000;

/** The plugin, or nothing when switched off (GATEWAY_JIT=false). */
export function jitPlugins(enabled: boolean, schema: GraphQLSchema): ReturnType<typeof useGraphQlJit>[] {
  if (!enabled) return [];
  resolvePromisedDefaults(schema);
  // Keyed by the parsed document, which Yoga's parse cache shares between requests: one compile per
  // distinct operation, released with the document.
  const compilable = new WeakMap<DocumentNode, boolean>();
  const canCompile = (args: ExecutionArgs) => {
    let known = compilable.get(args.document);
    if (known === undefined) {
      known =
        inlinedFieldCount(args.document) <= MAX_INLINED_FIELDS &&
        isCompiledQuery(compileQuery(args.schema, args.document, args.operationName ?? undefined));
      compilable.set(args.document, known);
    }
    // Variables that do not coerce are answered by graphql-js, whose error text clients already see
    // (graphql-jit words and locates them differently).
    return known && variablesCoerce(args);
  };
  // The plugin compiles again for its own cache: twice per distinct document, once in its life.
  return [useGraphQlJit({}, { enableIf: canCompile })];
}

function variablesCoerce(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  const definitions = operation?.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  return !getVariableValues(args.schema, definitions, (args.variableValues ?? {}) as Record<string, unknown>).errors;
}

/** Selected fields with every fragment spread inlined, counted with one pass per fragment (capped). */
export function inlinedFieldCount(document: DocumentNode): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const sizes = new Map<string, number>();
  const count = (set: SelectionSetNode, trail: Set<string>): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += 1 + (s.selectionSet ? count(s.selectionSet, trail) : 0);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, trail);
      else {
        const name = s.name.value;
        let size = sizes.get(name);
        if (size === undefined) {
          const body = fragments.get(name);
          // A cycle is invalid (validation refuses it); count it as nothing here.
          size = body && !trail.has(name) ? count(body, new Set(trail).add(name)) : 0;
          sizes.set(name, size);
        }
        n += size;
      }
      if (n > MAX_INLINED_FIELDS) return n;
    }
    return n;
  };
  let total = 0;
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) total += count(d.selectionSet, new Set());
  return total;
}

/**
 * graphql-jit reads a field without a resolver as a plain value and does not wait for a Promise
 * there, while graphql-js does. The gateway's PageInfo answers `hasNextPage` lazily (a Promise,
 * fetched only when selected; pagination/connection.ts), so PageInfo's fields get the default
 * resolver written out, which graphql-jit awaits like any resolver's result.
 */
function resolvePromisedDefaults(schema: GraphQLSchema): void {
  const pageInfo = schema.getType('PageInfo');
  if (!isObjectType(pageInfo)) return;
  for (const field of Object.values(pageInfo.getFields())) {
    const name = field.name;
    field.resolve ??= (source: Record<string, unknown>) => source[name];
  }
}
