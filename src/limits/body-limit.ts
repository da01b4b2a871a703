// A cap on request bodies (and a 400, not a masked 500, when a parser trips over malformed input). A declared Content-Length over the cap is refused at once; a body sent
// without one (chunked) is read up to the cap and refused as soon as it passes it, so neither can
// make the gateway buffer more than the cap.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function payloadTooLarge(fetchAPI: { Response: typeof Response }, maxBytes: number): Response {
  const body = { errors: [{ message: `Request body exceeds ${maxBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] };
  return new fetchAPI.Response(JSON.stringify(body), { status: 413, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

function badRequest(fetchAPI: { Response: typeof Response }, detail: string): Response {
  const body = { errors: [{ message: `Malformed request: ${detail}`, extensions: { code: 'BAD_REQUEST' } }] };
  return new fetchAPI.Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** The body's bytes, or undefined once more than `maxBytes` arrived. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) {
        endResponse(payloadTooLarge(fetchAPI, maxBytes));
        return;
      }
      if (!requestParser) return;
      const parse = async (req: Request) => {
        try {
          return await requestParser(req);
        } catch (error) {
          // Yoga's parsers throw GraphQLErrors for what they check; anything else (a GET's
          // `variables` that is not JSON) is the client's malformed request, not a server fault.
          if (error instanceof GraphQLError) throw error;
          return badRequest(fetchAPI, error instanceof Error ? error.message : 'malformed request');
        }
      };
      if (declared !== null || !request.body) {
        setRequestParser(parse);
        return;
      }
      setRequestParser(async (original) => {
        if (!original.body) return parse(original);
        const bytes = await readCapped(original.body, maxBytes);
        if (!bytes) return payloadTooLarge(fetchAPI, maxBytes);
        return parse(new fetchAPI.Request(original.url, { method: original.method, headers: original.headers, body: bytes }));
      });
    },
  };
}
