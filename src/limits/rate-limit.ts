// Requests per client and window, refused with HTTP 429 and `Retry-After` before the body is
// parsed. The vendor-call budget per window is charged in execution-guard.ts, once the cost is known.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clientIdOf } from './client-id.js';
import type { RateLimitStore } from './rate-limit-store.js';
import type { LimitSettings } from './settings.js';

export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

export function tooManyRequests(what: string, limit: number, retryInMs: number): GraphQLError {
  return new GraphQLError(`Rate limit exceeded: the ${what} of ${limit} per window is used up; retry later`, {
    extensions: {
      code: 'RATE_LIMITED',
      http: { status: 429, headers: { 'Retry-After': retryAfterSeconds(retryInMs) } },
    },
  });
}

export function useRequestRateLimit(rateLimit: LimitSettings['rateLimit'], store: RateLimitStore, now: () => number = Date.now): Plugin {
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (rateLimit.requests <= 0) return;
      const at = now();
      const window = await store.hit(`requests:${clientIdOf(request, serverContext)}`, 1, rateLimit.windowMs, at);
      if (window.total <= rateLimit.requests) return;
      const body = {
        errors: [
          {
            message: `Rate limit exceeded: ${rateLimit.requests} requests per window; retry later`,
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': retryAfterSeconds(window.resetAt - at) },
        }),
      );
    },
  };
}
