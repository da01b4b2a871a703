// One log line and one set of metrics per GraphQL request, and a line per failed or retried vendor
// call. Vendor calls arrive as process-wide events (src/http/call-events.ts); each carries the
// RequestContext it ran for, whose tally names the gateway that owns the request, so two gateways in
// one process (tests) never count each other's calls. Calls made outside any request (token logins,
// export snapshots) have no owner: every gateway subscribed counts them (a deployment runs one).
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { principalOf } from '../auth/principal.js';
import { subscribeVendorCalls, type VendorCallEvent } from '../http/call-events.js';
import { requestIdFor } from '../request-context.js';
import type { Logger } from './logger.js';
import type { GatewayMetrics, Outcome } from './metrics.js';
import { RequestTally, setTally, tallyOf } from './tally.js';

export interface RequestLogOptions {
  logger: Logger;
  metrics: GatewayMetrics;
  /** The GraphQL endpoint: only requests to it are logged and counted. */
  endpoint: string;
}

export function useRequestLog({ logger, metrics, endpoint }: RequestLogOptions): Plugin {
  const owner = {};
  const withSlash = `${endpoint}/`;
  const onVendorCall = (event: VendorCallEvent) => {
    const tally = event.request?.tally;
    if (tally && tally.owner !== owner) return;
    tally?.countCall(event.vendor, event.method);
    metrics.vendorCall(event);
    if ((event.errorCode === undefined && event.attempt === 1) || !logger.isLevelEnabled('warn')) return;
    // Template, never the URL: no query string, id or credential reaches the line.
    logger.warn(
      {
        requestId: event.request?.requestId,
        vendor: event.vendor,
        operation: event.operation,
        status: event.status,
        errorCode: event.errorCode,
        durationMs: Math.round(event.durationMs),
        attempt: event.attempt,
      },
      event.errorCode === undefined ? 'vendor call retried' : 'vendor call failed',
    );
  };
  const unsubscribe = subscribeVendorCalls(onVendorCall);

  return {
    onRequest({ request, url }) {
      if (url.pathname === endpoint || url.pathname === withSlash) setTally(request, new RequestTally(owner));
    },
    onParams({ request, params }) {
      const tally = tallyOf(request);
      if (tally && typeof params.operationName === 'string') tally.operationName = params.operationName;
    },
    onExecute({ args }) {
      const tally = tallyOf(args.contextValue.request);
      if (!tally) return;
      const operation = getOperationAST(args.document, args.operationName);
      tally.operationName = operation?.name?.value ?? tally.operationName;
      tally.operationType = operation?.operation;
    },
    onResultProcess({ request, result }) {
      const tally = tallyOf(request);
      if (!tally) return;
      for (const one of Array.isArray(result) ? result : [result]) {
        if ('data' in one && one.data) tally.hasData = true;
        if (!('errors' in one)) continue;
        for (const error of one.errors ?? []) {
          const code = error.extensions?.code;
          tally.errorCodes.push(typeof code === 'string' ? code : 'UNKNOWN');
        }
      }
    },
    async onResponse({ request, response }) {
      const tally = tallyOf(request);
      if (!tally) return;
      const durationMs = performance.now() - tally.started;
      // Refusals answered before execution (401, 413, 429, idempotency conflicts) skip result
      // processing; their small JSON bodies are read for the code, on that path only.
      if (response.status >= 400 && tally.errorCodes.length === 0) tally.errorCodes.push(...(await codesOf(response)));
      // Typed mutation errors count like errors in `errors`: a failed create is a failure, not `ok`.
      const errorCodes = tally.allErrorCodes();
      const outcome: Outcome =
        errorCodes.length === 0 && response.status < 400 ? 'ok' : tally.answeredSomething() && response.status < 400 ? 'partial' : 'error';
      metrics.request(tally.operationName, tally.operationType, outcome, durationMs / 1000);
      for (const code of errorCodes) metrics.error(code);
      if (!logger.isLevelEnabled('info')) return;
      logger.info(
        {
          requestId: requestIdFor(request),
          clientId: principalOf(request)?.clientId,
          operationName: tally.operationName,
          operationType: tally.operationType,
          status: response.status,
          outcome,
          durationMs: Math.round(durationMs * 10) / 10,
          vendorCalls: tally.vendorCalls,
          errorCodes,
        },
        'graphql request',
      );
    },
    onDispose() {
      unsubscribe();
    },
  };
}

async function codesOf(response: Response): Promise<string[]> {
  if (!response.headers.get('content-type')?.includes('json')) return [];
  try {
    const body = (await response.clone().json()) as { errors?: { extensions?: { code?: unknown } }[] };
    return (body.errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN'));
  } catch {
    return [];
  }
}
