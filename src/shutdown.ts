// Graceful shutdown of the HTTP server. On SIGTERM the gateway first stops being ready (`/readyz`
// answers 503) but keeps accepting connections, so a load balancer that has not yet noticed still
// gets answers instead of refused connections. Once no request is in flight and the drain period
// has passed, it stops accepting, closes keep-alive sockets as they go idle, releases vendor pools
// and exits 0; past the timeout it exits 1 whatever is left.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ShutdownSettings } from './config.js';
import { PROBE_ENDPOINTS } from './health.js';

export interface ShutdownDeps {
  server: Server;
  settings: ShutdownSettings;
  /** Releases what the gateway holds (vendor pools, demo sandboxes) after the last request. */
  release: () => Promise<void>;
  log: (line: string) => void;
}

export class Lifecycle {
  #stopping = false;
  #inFlight = 0;
  #idle: (() => void) | undefined;

  get ready(): boolean {
    return !this.#stopping;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Counts requests other than probes: a probe every second must not hold shutdown open. */
  track(server: Server): void {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (PROBE_ENDPOINTS.includes(path)) return;
      this.#inFlight += 1;
      res.once('close', () => {
        this.#inFlight -= 1;
        if (this.#inFlight === 0) this.#idle?.();
      });
    });
  }

  /** Marks the gateway not ready; resolves once no tracked request is in flight. */
  beginStopping(): Promise<void> {
    this.#stopping = true;
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }
}

export function installShutdown(lifecycle: Lifecycle, deps: ShutdownDeps): void {
  const { server, settings, release, log } = deps;
  const shutdown = async (signal: string) => {
    if (lifecycle.stopping) return;
    setTimeout(() => {
      log(`Shutdown timed out after ${settings.timeoutMs} ms; exiting with requests still open.`);
      process.exit(1);
    }, settings.timeoutMs).unref();
    log(`${signal}: not ready any more (/readyz answers 503); finishing in-flight requests…`);
    const drained = new Promise((resolve) => setTimeout(resolve, settings.drainMs));
    await Promise.all([lifecycle.beginStopping(), drained]);
    server.close(() => {
      void release().finally(() => process.exit(0));
    });
    // A keep-alive connection that carried a request may be reused once more; close each as it
    // goes idle instead of waiting for the client to drop it.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
