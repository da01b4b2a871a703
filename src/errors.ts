// Errors the gateway raises on purpose. They are GraphQLErrors, so yoga's masking lets them through
// with their `extensions.code`; anything else is an unexpected error and gets masked.
import { GraphQLError } from 'graphql';
import type { Vendor } from './domain/vendor.js';

export type ErrorCode =
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_CONFLICT'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNSUPPORTED_OPERATION'
  | 'VENDOR_NOT_CONFIGURED'
  | 'CURSOR_EXPIRED';

export interface GatewayErrorOptions {
  vendor?: Vendor | undefined;
  httpStatus?: number | undefined;
  retryable?: boolean | undefined;
  field?: string | undefined;
  cause?: unknown;
}

export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  readonly vendor: Vendor | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  /** The low-level cause, for logs only. */
  readonly detail: unknown;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    const extensions: Record<string, unknown> = { code };
    if (options.vendor) extensions.vendor = options.vendor;
    if (options.httpStatus) extensions.httpStatus = options.httpStatus;
    if (options.field) extensions.field = options.field;
    if (options.retryable !== undefined) extensions.retryable = options.retryable;
    // The cause is kept off `originalError`: yoga masks any error whose origin is not a
    // GraphQLError, and these messages are written to be safe for clients.
    super(message, { extensions });
    this.detail = options.cause;
    this.name = 'GatewayError';
    this.code = code;
    this.vendor = options.vendor;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? false;
  }
}

/** A vendor call failed. `body` keeps the vendor's parsed error body for adapters, never for clients. */
export class UpstreamError extends GatewayError {
  readonly body: unknown;
  readonly vendorMessage: string | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions & { body?: unknown; vendorMessage?: string | undefined }) {
    super(code, message, options);
    this.name = 'UpstreamError';
    this.body = options.body;
    this.vendorMessage = options.vendorMessage;
  }
}

export class NotFoundError extends GatewayError {
  readonly id: string | undefined;
  constructor(message: string, options: GatewayErrorOptions & { id?: string } = {}) {
    super('NOT_FOUND', message, options);
    this.name = 'NotFoundError';
    this.id = options.id;
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** Bad mutation input: every problem, each naming its field. Nothing was written. */
export class ValidationError extends GatewayError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], options: GatewayErrorOptions = {}) {
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    super('BAD_USER_INPUT', `Invalid input: ${summary}`, { ...options, field: issues[0]?.field });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class ConflictError extends GatewayError {
  readonly currentVersion: string | undefined;
  constructor(message: string, options: GatewayErrorOptions & { currentVersion?: string } = {}) {
    super('UPSTREAM_CONFLICT', message, options);
    this.name = 'ConflictError';
    this.currentVersion = options.currentVersion;
  }
}

export class UnsupportedOperationError extends GatewayError {
  readonly operation: string;
  constructor(vendor: Vendor, operation: string) {
    super('UNSUPPORTED_OPERATION', `${vendor} does not support ${operation}`, { vendor });
    this.name = 'UnsupportedOperationError';
    this.operation = operation;
  }
}

export function badUserInput(message: string, field?: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, { field });
}
