// Bloomreach error bodies. The export doc documents no error format; this follows what the
// Bloomreach (Exponea) API answers publicly: `{"success": false, "errors": {...}}`, where `errors`
// maps a request field (dotted path into the body) to a list of messages, and `_global` holds
// errors that belong to no single field (authentication, permissions, unknown project).
import type { SandboxResponse } from '../harness.js';

export interface BloomreachErrorBody {
  success: false;
  errors: Record<string, string[]>;
}

export function errorResponse(status: number, errors: Record<string, string[]>): SandboxResponse {
  const body: BloomreachErrorBody = { success: false, errors };
  return { status, body, headers: { 'content-type': 'application/json' } };
}

export function globalError(status: number, message: string): SandboxResponse {
  return errorResponse(status, { _global: [message] });
}

export const unauthorized = (message: string): SandboxResponse => globalError(401, message);
export const forbidden = (message: string): SandboxResponse => globalError(403, message);
export const notFound = (message: string): SandboxResponse => globalError(404, message);
