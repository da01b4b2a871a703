// Ties each GraphQL request to its vendor calls and its log lines: execution runs inside the
// request's context (abort signal, id; see request-context.ts), the id is echoed in the
// `x-request-id` response header, and an unexpected (masked) error carries it in
// `extensions.requestId`, logged once with its real cause, so a client's report finds its log line.
import { type Plugin, maskError as yogaMaskError } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import type { Logger } from './observability/logger.js';
import { tallyOf } from './observability/tally.js';
import { REQUEST_ID_HEADER, requestIdFor, runInRequest } from './request-context.js';
import { releaseDeadlines } from './resilience/deadline.js';

/** The cause behind each masked error, for the log line (never for the client). */
const causes = new WeakMap<object, unknown>();

/** Yoga's masking, remembering what each masked error hid. */
export function maskError(error: unknown, message: string): Error {
  // Never yoga's development mode (stack traces in `extensions.originalError`): a developer's
  // gateway is reachable by other hosts too, and the log line below has the stack.
  const masked = yogaMaskError(error, message, false);
  if (masked !== error) causes.set(masked, error);
  return masked;
}

export function useRequestContext(logger: Logger): Plugin<GatewayContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { requestId, scope, request } = args.contextValue;
      const context = { requestId, signal: scope.signal, deadlineAt: scope.deadlineAt, tally: tallyOf(request) };
      setExecuteFn((execArgs) => runInRequest(context, () => executeFn(execArgs)));
    },
    onResultProcess({ request, result }) {
      const requestId = requestIdFor(request);
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!('errors' in one)) continue;
        for (const error of one.errors ?? []) {
          if (!causes.has(error)) continue;
          (error.extensions as Record<string, unknown>).requestId = requestId;
          const cause = causes.get(error);
          logger.error(
            { requestId, path: error.path?.join('.'), err: cause instanceof Error ? cause : new Error(String(cause)) },
            'unexpected error',
          );
        }
      }
    },
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdFor(request));
      // Nothing of the request runs after its response is made: a pending deadline timer would only hold it in memory.
      releaseDeadlines(request);
    },
  };
}
