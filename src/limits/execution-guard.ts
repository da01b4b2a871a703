// The checks that need the variables: input sizes, the cost limit and the per-client cost budget.
// They run in onExecute, after parsing and validation and before any resolver, so a refused
// request makes no vendor call. A request asking for it (`extensions: {"cost": true}`) gets the
// estimate back in `extensions.cost`.
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clientIdOf } from './client-id.js';
import { estimateCost } from './cost.js';
import { findOversizedInput } from './input-limits.js';
import { tooManyRequests } from './rate-limit.js';
import type { RateLimitStore } from './rate-limit-store.js';
import type { LimitSettings } from './settings.js';

interface YogaContextLike {
  request?: Request;
  params?: { extensions?: Record<string, unknown> };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  return out;
}

// A document without variables costs the same on every request (the schema is one per process and
// a gateway's vendor count does not change), and Yoga hands the same parsed document for the same
// query text: walked once per document and operation, as the input-size check is (2% of a
// 50-customer page's CPU when walked per request, bench/RESULTS.md). The vendor count is part of
// the key all the same, for tests that build gateways over different vendors in one process.
const constantCosts = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Map<number, number>>>();

function costOf(document: DocumentNode, operation: OperationDefinitionNode, estimate: () => number, vendors: number): number {
  if ((operation.variableDefinitions?.length ?? 0) > 0) return estimate();
  let byOperation = constantCosts.get(document);
  if (!byOperation) {
    byOperation = new Map();
    constantCosts.set(document, byOperation);
  }
  let byVendors = byOperation.get(operation);
  if (!byVendors) {
    byVendors = new Map();
    byOperation.set(operation, byVendors);
  }
  let cost = byVendors.get(vendors);
  if (cost === undefined) {
    cost = estimate();
    byVendors.set(vendors, cost);
  }
  return cost;
}

export interface ExecutionGuardOptions {
  limits: LimitSettings;
  store: RateLimitStore;
  vendorCount: () => number;
  now?: () => number;
}

export function useExecutionGuard({ limits, store, vendorCount, now = Date.now }: ExecutionGuardOptions): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const coerced = getVariableValues(
        args.schema,
        operation.variableDefinitions ?? [],
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (coerced.errors) return; // execution answers with the variable errors
      const variables = coerced.coerced;

      const problem = findOversizedInput(args.schema, args.document, variables, limits);
      if (problem) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`${problem.field}: ${problem.message}`, { extensions: { code: 'BAD_USER_INPUT', field: problem.field } }),
          ],
        });
        return;
      }

      const vendors = vendorCount();
      const cost = costOf(
        args.document,
        operation,
        () => estimateCost({ schema: args.schema, operation, fragments: fragmentsOf(args.document), variables, vendorCount: vendors }),
        vendors,
      );
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`Query would cost ${cost} vendor calls; at most ${limits.maxCost} are allowed`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost },
            }),
          ],
        });
        return;
      }

      const context = args.contextValue as YogaContextLike;
      const { rateLimit } = limits;
      if (rateLimit.cost > 0 && cost > 0 && context.request) {
        const at = now();
        const window = await store.hit(`cost:${clientIdOf(context.request, context)}`, cost, rateLimit.windowMs, at);
        if (window.total > rateLimit.cost) {
          setResultAndStopExecution({ errors: [tooManyRequests('vendor-call budget', rateLimit.cost, window.resetAt - at)] });
          return;
        }
      }

      if (context.params?.extensions?.cost !== true) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result) && !('errors' in result)) return; // a stream: nothing to annotate
          setResult({ ...result, extensions: { ...result.extensions, cost: { estimated: cost, max: limits.maxCost } } });
        },
      };
    },
  };
}
