// Vendor messages are passed to clients for their meaning (a validation reason, a missing id), but
// a vendor may quote what it was sent or where it lives: an API key echoed in "invalid key abc…",
// an internal host name in a proxy error. Every configured secret (vendor credentials, the
// gateway's own API keys and JWT secret) and every vendor host is replaced before a vendor's words
// leave the process. The list is process-wide because vendor errors are built deep in the HTTP
// layer, far from any request; it only grows (a test process with many gateways scrubs all of
// their secrets, which is harmless).
const secrets = new Set<string>();
let ordered: string[] = [];

// Shorter values would turn ordinary words into "***"; credentials are longer than this.
const MIN_LENGTH = 4;
export const SCRUBBED = '***';

export function registerSecrets(values: Iterable<string>): void {
  for (const value of values) if (value.length >= MIN_LENGTH) secrets.add(value);
  // Longest first, so a secret that contains another is replaced whole.
  ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** `text` with every registered secret and vendor host replaced by `***`, and absolute URLs by `<url>`. */
export function scrub(text: string): string {
  let out = text.replace(/https?:\/\/[^\s"'<>]+/g, '<url>');
  for (const secret of ordered) if (out.includes(secret)) out = out.replaceAll(secret, SCRUBBED);
  return out;
}

/** The host names (with and without port) of a vendor URL, for registerSecrets. */
export function hostsOf(url: string): string[] {
  if (!URL.canParse(url)) return [];
  const { host, hostname } = new URL(url);
  return [host, hostname];
}
