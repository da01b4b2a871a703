// `/metrics`: on the gateway's port (unauthenticated, like the probes) unless METRICS_PORT moves
// it to a listener of its own that only the scraper's network reaches.
import { createServer, type Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.js';

export const METRICS_ENDPOINT = '/metrics';

/** Answers GET `/metrics` on the gateway's own port. */
export function useMetricsEndpoint(metrics: GatewayMetrics): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_ENDPOINT || request.method !== 'GET') return;
      endResponse(new fetchAPI.Response(await metrics.expose(), { headers: { 'content-type': metrics.contentType } }));
    },
  };
}

/** A small listener serving only `/metrics`, for METRICS_PORT. */
export async function startMetricsServer(metrics: GatewayMetrics, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== METRICS_ENDPOINT) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.expose().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
