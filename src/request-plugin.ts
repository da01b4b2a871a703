// Ties each GraphQL request to its vendor calls and its log lines: execution runs inside the
// request's context (abort signal, id; see request-context.ts), the id is echoed in the
// `x-request-id` response header, and an unexpected (masked) error carries it in
// `extensions.requestId`, logged once with its real cause, so a client's report finds its log line.
import { type Plugin, type YogaLogger, maskError as yogaMaskError } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import { currentRequest, REQUEST_ID_HEADER, requestIdFor, runInRequest } from './request-context.js';

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

/** Prefixes every line logged while a request runs with its id. */
export function requestLogger(base: YogaLogger): YogaLogger {
  const level =
    (name: keyof YogaLogger) =>
    (...args: unknown[]) => {
      const request = currentRequest();
      base[name](...(request ? [`[request ${request.requestId}]`, ...args] : args));
    };
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}

export function useRequestContext(logger: YogaLogger | undefined): Plugin<GatewayContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { requestId, scope } = args.contextValue;
      setExecuteFn((execArgs) =>
        runInRequest({ requestId, signal: scope.signal, deadlineAt: scope.deadlineAt }, () => executeFn(execArgs)),
      );
    },
    onResultProcess({ request, result }) {
      const requestId = requestIdFor(request);
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!('errors' in one)) continue;
        for (const error of one.errors ?? []) {
          if (!causes.has(error)) continue;
          (error.extensions as Record<string, unknown>).requestId = requestId;
          const cause = causes.get(error);
          logger?.error(
            `[request ${requestId}] unexpected error at ${error.path?.join('.') ?? '(request)'}:`,
            cause instanceof Error ? (cause.stack ?? cause.message) : String(cause),
          );
        }
      }
    },
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdFor(request));
    },
  };
}
