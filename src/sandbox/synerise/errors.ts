// Every error body shape the Synerise reference shows (digest §8.1). Each API family answers in
// its own shape, so the routes pick the builder of their family rather than one generic error.
import { STATUS_CODES } from 'node:http';
import { json, type SandboxResponse } from '../harness.js';

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Format A (Spring default), e.g. the "Version header content is invalid" example. */
export function springError(status: number, message: string, path: string): SandboxResponse {
  return json(status, {
    timestamp: new Date().toISOString().replace('Z', '+00:00'),
    status,
    error: reason(status),
    message,
    path,
  });
}

export interface FieldError {
  code: number;
  field: string;
  message: string;
  rejectedValue: unknown;
}

/** Format B: v4 profile validation. */
export function validationError(path: string, errors: FieldError[]): SandboxResponse {
  return json(400, {
    error: 'Bad Request',
    status: 400,
    timestamp: new Date().toISOString(),
    path,
    message: 'Some fields did not pass validation',
    errors,
  });
}

export interface EventFieldError {
  path: string;
  message: string;
  rejectedValue: unknown;
}

/** Format B′: event validation, where entries carry `path` instead of `field`/`code`. */
export function eventValidationError(path: string, errors: EventFieldError[]): SandboxResponse {
  return json(400, {
    error: 'Bad Request',
    status: 400,
    timestamp: new Date().toISOString(),
    message: 'Some fields did not pass validation',
    path,
    errors,
  });
}

export interface BatchFieldError {
  rejectedValue: unknown;
  field: string;
  status: number;
  message: string;
}

/** Format C: the profile batch endpoint answers with a bare array. */
export function batchValidationError(errors: BatchFieldError[]): SandboxResponse {
  return json(400, errors);
}

/** Format G: the catalogs service. */
export function catalogError(status: number, message: string): SandboxResponse {
  return json(status, { status, error: reason(status), message, timestamp: new Date().toISOString() });
}
