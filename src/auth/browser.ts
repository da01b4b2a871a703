// What browsers may do: cross-origin calls only from the allow-listed origins (with credentials),
// no "simple" requests that skip the CORS preflight (CSRF: a form POST or a plain GET must carry a
// header no form can set), and headers that stop sniffing, framing and referrer leaks.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { CORSOptions, Plugin } from 'graphql-yoga';

/** The header a non-JSON request (GET, multipart) must carry; browsers only send it after a preflight. */
export const CSRF_HEADER = 'x-graphql-csrf';

const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-api-key', 'idempotency-key', 'x-request-id', CSRF_HEADER];

/**
 * Yoga's CORS option: for an allow-listed Origin, that origin with credentials; for any other, no
 * CORS headers at all, so the browser refuses the response (and the preflight fails).
 */
export function corsFor(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: ['x-request-id', 'idempotent-replayed'],
      maxAge: 600,
    };
  };
}

export function useCsrfPrevention(): Plugin {
  return useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
}

export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('x-frame-options', 'DENY');
      response.headers.set('referrer-policy', 'no-referrer');
    },
  };
}
