// Which client a request comes from, for per-client limits: the authenticated principal's id (its
// key name or JWT subject), so one client's limit follows its identity rather than its header bytes.
// Callers without an identity (GATEWAY_AUTH=none) are told apart by remote address only: with no
// authentication a credential header is whatever the caller makes up, and keying on it would let a
// client reset its own limit (and add a counter) with every new header value.
import { principalOf } from '../auth/principal.js';

/** The remote address as a Node server adapter passes it (`req.socket.remoteAddress`). */
interface ServerContextLike {
  req?: { socket?: { remoteAddress?: string | undefined } | undefined } | undefined;
}

export function clientIdOf(request: Request, serverContext?: unknown): string {
  const principal = principalOf(request);
  if (principal && principal.kind !== 'anonymous') return principal.clientId;
  const address = (serverContext as ServerContextLike | undefined)?.req?.socket?.remoteAddress;
  return `ip:${address ?? 'unknown'}`;
}
