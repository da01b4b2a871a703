// Errors the gateway raises on purpose. They are GraphQLErrors, so yoga's masking lets them through
// with their `extensions.code`; anything else is an unexpected error and gets masked.
import { GraphQLError } from 'graphql';
import { scrub } from './auth/scrub.js';
import type { Vendor } from './domain/vendor.js';
import { OPERATIONS, type OperationAccess, type OperationName } from './sources/operations.js';

export type ErrorCode =
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_CONFLICT'
  /** A write was sent but its answer never came: it may or may not have been applied. Never retryable. */
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNSUPPORTED_OPERATION'
  | 'VENDOR_NOT_CONFIGURED'
  | 'CURSOR_EXPIRED'
  | 'FORBIDDEN';

export interface GatewayErrorOptions {
  vendor?: Vendor | undefined;
  httpStatus?: number | undefined;
  retryable?: boolean | undefined;
  /** When the client may try again (a vendor's `Retry-After`, an open breaker's cooldown); `extensions.retryAfterSeconds`. */
  retryAfterSeconds?: number | undefined;
  /** The input fields at fault, each with what is wrong with it; the first also goes to `extensions.field`. */
  issues?: readonly FieldIssue[] | undefined;
  cause?: unknown;
}

export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  readonly vendor: Vendor | undefined;
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  /** Bad input as data: which fields, and why (BAD_USER_INPUT errors). */
  readonly issues: readonly FieldIssue[];
  /** The low-level cause, for logs only. */
  readonly detail: unknown;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    const extensions: Record<string, unknown> = { code };
    if (options.vendor) extensions.vendor = options.vendor;
    if (options.httpStatus) extensions.httpStatus = options.httpStatus;
    const field = options.issues?.[0]?.field;
    if (field) extensions.field = field;
    if (options.retryable !== undefined) extensions.retryable = options.retryable;
    if (options.retryAfterSeconds !== undefined) extensions.retryAfterSeconds = options.retryAfterSeconds;
    // The cause is kept off `originalError`: yoga masks any error whose origin is not a
    // GraphQLError, and these messages are written to be safe for clients. Vendor mappers quote
    // vendor text in them (fault messages, field reasons), so every message and issue is scrubbed
    // of configured secrets and vendor hosts here, the one place all of them pass.
    super(scrub(message), { extensions });
    this.detail = options.cause;
    this.name = 'GatewayError';
    this.code = code;
    this.vendor = options.vendor;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.issues = (options.issues ?? []).map((issue) => ({ field: issue.field, message: scrub(issue.message) }));
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
    this.vendorMessage = options.vendorMessage === undefined ? undefined : scrub(options.vendorMessage);
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
  constructor(issues: readonly FieldIssue[], options: Omit<GatewayErrorOptions, 'issues'> = {}) {
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    super('BAD_USER_INPUT', `Invalid input: ${summary}`, { ...options, issues });
    this.name = 'ValidationError';
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

/**
 * The vendor cannot do what was asked: an operation its adapter lacks, or a variant of one it has
 * (a filter, a lock) that the vendor's API cannot express. One wording for every case:
 * "SYNERISE does not support filtering customers by modifiedSince (customers.list)"; for a missing
 * operation `what` is its label: "PIMCORE does not support writing a catalog item (catalogs.upsertItem)".
 */
export class UnsupportedOperationError extends GatewayError {
  readonly operation: OperationName;
  constructor(vendor: Vendor, operation: OperationName, what: string = OPERATIONS[operation].label) {
    super('UNSUPPORTED_OPERATION', `${vendor} does not support ${what} (${operation})`, { vendor });
    this.name = 'UnsupportedOperationError';
    this.operation = operation;
  }
}

/**
 * The caller's scopes do not cover the operation at this vendor: "FORBIDDEN: this client may not
 * write SYNERISE (needs synerise:write or *:write) for deleting a customer (customers.delete)".
 * Raised before the port method is handed out, so no vendor call is made.
 */
export class ForbiddenError extends GatewayError {
  readonly operation: OperationName;
  readonly scope: string;
  constructor(vendor: Vendor, operation: OperationName, access: OperationAccess) {
    const scope = `${vendor.toLowerCase()}:${access}`;
    super(
      'FORBIDDEN',
      `This client may not ${access} ${vendor} (needs ${scope} or *:${access}) for ${OPERATIONS[operation].label} (${operation})`,
      {
        vendor,
      },
    );
    this.name = 'ForbiddenError';
    this.operation = operation;
    this.scope = scope;
  }
}

/** Bad input outside a mutation's typed errors: "field: reason", the field kept as data too. */
export function badUserInput(field: string, reason: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', `${field}: ${reason}`, { issues: [{ field, message: reason }] });
}
