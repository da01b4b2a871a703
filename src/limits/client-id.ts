// Which client a request comes from, for per-client limits. Today: a hash of the credential the
// request carries (never the credential itself), else the remote address. At merge the lead wires
// this to the authenticated principal (`ctx.principal.clientId` from src/auth/principal.ts), so
// one client's limit follows its identity rather than its header bytes.
import { createHash } from 'node:crypto';

/** The remote address as a Node server adapter passes it (`req.socket.remoteAddress`). */
interface ServerContextLike {
  req?: { socket?: { remoteAddress?: string | undefined } | undefined } | undefined;
}

export function clientIdOf(request: Request, serverContext?: unknown): string {
  const credential = request.headers.get('authorization') ?? request.headers.get('x-api-key');
  if (credential) return `key:${createHash('sha256').update(credential).digest('hex')}`;
  const address = (serverContext as ServerContextLike | undefined)?.req?.socket?.remoteAddress;
  return `ip:${address ?? 'unknown'}`;
}
