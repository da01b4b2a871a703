// GraphiQL, served by the gateway itself instead of yoga's per-request rendering: the page (about
// 9 MB with its inlined assets) is rendered once, compressed once per encoding (brotli or gzip, as
// the browser accepts), and sent with an ETag so a revisit is a 304 without a body. It is only
// served where enabled (off with NODE_ENV=production unless GATEWAY_GRAPHIQL=true). The renderer
// (its module text alone is ~27 MB of heap) is imported on the first visit, not at start, and only
// the compressed pages are kept: the uncompressed one is rebuilt for the rare client without gzip.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

export interface GraphiQLPageOptions {
  path: string;
  title: string;
  /** Headers prefilled in GraphiQL's header editor (demo mode: the demo key). */
  headers?: Record<string, string> | undefined;
}

type Encoding = 'br' | 'gzip' | 'identity';

// On libuv's thread pool: compressing 9 MB must not stall the requests being served meanwhile.
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Headers every GraphiQL response carries: no framing (clickjacking), revalidate before reuse. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'private, no-cache',
  vary: 'accept-encoding',
  'content-security-policy': "frame-ancestors 'none'",
};

function preferredEncoding(accept: string | null): Encoding {
  const offered = (accept ?? '').toLowerCase();
  if (/\bbr\b/.test(offered)) return 'br';
  if (/\bgzip\b/.test(offered)) return 'gzip';
  return 'identity';
}

export function useGraphiQLPage(options: GraphiQLPageOptions): Plugin {
  let etag = '';
  const encoded = new Map<Exclude<Encoding, 'identity'>, Promise<Buffer>>();

  const render = async (): Promise<Buffer> => {
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    const html = renderGraphiQL({
      title: options.title,
      endpoint: options.path,
      ...(options.headers ? { headers: JSON.stringify(options.headers), shouldPersistHeaders: false } : {}),
    });
    const page = Buffer.from(html, 'utf8');
    etag ||= `"${createHash('sha256').update(page).digest('base64url').slice(0, 27)}"`;
    return page;
  };

  const body = (encoding: Encoding): Promise<Buffer> => {
    if (encoding === 'identity') return render();
    let out = encoded.get(encoding);
    if (!out) {
      // Brotli quality 5: a few hundred ms once instead of seconds at the default 11, still ~10x smaller.
      out = render().then((page) =>
        encoding === 'br' ? brotli(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipAsync(page),
      );
      encoded.set(encoding, out);
    }
    return out;
  };

  return {
    async onRequest({ request, url, endResponse }) {
      if (!shouldRenderGraphiQL(request) || url.pathname.replace(/\/$/, '') !== options.path) return;
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      const bytes = await body(encoding);
      const headers: Record<string, string> = { ...PAGE_HEADERS, etag };
      if (request.headers.get('if-none-match') === etag) {
        endResponse(new Response(null, { status: 304, headers }));
        return;
      }
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      endResponse(new Response(new Uint8Array(bytes), { status: 200, headers }));
    },
  };
}
