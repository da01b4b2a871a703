// What every route module gets: the store, the token service and the asynchronous-write queue.
import type { SandboxRequest, SandboxResponse } from '../harness.js';
import { springError } from './errors.js';
import type { TokenService } from './jwt.js';
import type { SyneriseStore } from './store.js';

export interface SyneriseContext {
  store: SyneriseStore;
  tokens: TokenService;
  apiKey: string;
  /** Runs a write the way Synerise does: accepted now (202), visible after `asyncDelayMs`. */
  defer(write: () => void): void;
}

/** Synerise services report the path below the `/v4` gateway prefix ("path": "/clients"). */
export function errorPath(req: SandboxRequest): string {
  return req.path.startsWith('/v4/') ? req.path.slice(3) : req.path;
}

const API_VERSION = /^4\.[0-4](\.\d+)?$/;

/** `/v4/*` operations require `Api-Version` (the docs give "4.4"; older 4.x values still work). */
export function checkApiVersion(req: SandboxRequest): SandboxResponse | undefined {
  const raw = req.headers['api-version'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') {
    // Spring's wording for a missing @RequestHeader; the docs only show the invalid-value message.
    return springError(400, "Required request header 'Api-Version' for method parameter type String is not present", errorPath(req));
  }
  if (!API_VERSION.test(value.trim())) return springError(400, 'Version header content is invalid', errorPath(req));
  return undefined;
}

export type IntParam = { ok: true; value: number } | { ok: false; raw: string };

/** Reads an integer query/body parameter; `undefined` input gives the default. */
export function intParam(raw: string | null | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): IntParam {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: fallback };
  if (!/^-?\d+$/.test(raw.trim())) return { ok: false, raw };
  const value = Number(raw);
  if (value < min || value > max) return { ok: false, raw };
  return { ok: true, value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
