// Probes for load balancers and orchestrators. `/healthz` answers 200 while the process serves
// (yoga's built-in health check, moved to the conventional path); `/readyz` answers 200 while the
// gateway takes traffic and 503 from the moment shutdown begins, so a load balancer stops sending
// requests while the in-flight ones finish. Vendor health is deliberately not part of readiness:
// one broken vendor must not take every replica out of rotation (the `vendors` query reports it).
import { type Plugin, useReadinessCheck } from 'graphql-yoga';

export const HEALTH_ENDPOINT = '/healthz';
export const READY_ENDPOINT = '/readyz';
export const PROBE_ENDPOINTS: readonly string[] = [HEALTH_ENDPOINT, READY_ENDPOINT];

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** Answers `/readyz`; `isReady` is asked on every probe, so it can flip at any moment. */
export function useReadiness(isReady: () => boolean): Plugin {
  return useReadinessCheck({
    endpoint: READY_ENDPOINT,
    check: ({ fetchAPI }) =>
      isReady()
        ? new fetchAPI.Response('ready\n', { status: 200, headers: TEXT })
        : new fetchAPI.Response('shutting down\n', { status: 503, headers: TEXT }),
  });
}
