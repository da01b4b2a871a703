// Typed mutation errors (members of every mutation's result union) and the mapping from whatever a
// port throws to one of them, so clients branch on `__typename` instead of parsing messages.
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import {
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  GatewayError,
  NotFoundError,
  UnsupportedOperationError,
  UpstreamError,
  ValidationError,
} from '../errors.js';
import { currentRequest } from '../request-context.js';
import { VendorEnum } from './vendor-enum.js';

export const MutationErrorInterface = builder.interfaceRef<Error>('MutationError').implement({
  description: 'Common shape of every typed mutation error.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorRef = builder.objectRef<FieldIssue>('FieldError').implement({
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Input field path, e.g. `groupId` or `add.1`.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; nothing was written.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldErrorRef], resolve: (e) => e.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({ id: t.string({ nullable: true, resolve: (e) => e.id ?? null }) }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The object changed since the version the client sent.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({ currentVersion: t.string({ nullable: true, resolve: (e) => e.currentVersion ?? null }) }),
});

builder.objectType(UnsupportedOperationError, {
  name: 'UnsupportedOperationError',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    operation: t.exposeString('operation'),
    vendor: t.field({ type: VendorEnum, nullable: true, resolve: (e) => e.vendor ?? null }),
  }),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description:
    'The vendor failed; `retryable` says whether sending the same mutation again may succeed. `UPSTREAM_OUTCOME_UNKNOWN`: the write may have been applied (never retryable).',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    code: t.exposeString('code'),
    vendor: t.field({ type: VendorEnum, nullable: true, resolve: (e) => e.vendor ?? null }),
    retryable: t.exposeBoolean('retryable'),
    retryAfterSeconds: t.int({
      nullable: true,
      description: "When to try again, when known: the vendor's `Retry-After`, or the cooldown left on its open circuit breaker.",
      resolve: (e) => e.retryAfterSeconds ?? null,
    }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: "The client's scopes do not allow this operation at this vendor; nothing was sent to the vendor.",
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    operation: t.exposeString('operation'),
    vendor: t.field({ type: VendorEnum, nullable: true, resolve: (e) => e.vendor ?? null }),
    scope: t.exposeString('scope', { description: 'A scope that would allow it, e.g. `synerise:write` (`*:write` would too).' }),
  }),
});

/** The typed mutation errors, written once: the result unions, batch items and the mapping below use this list. */
export const MUTATION_ERRORS = [
  ValidationError,
  NotFoundError,
  ConflictError,
  UnsupportedOperationError,
  ForbiddenError,
  UpstreamError,
] as const;

/** The typed mutation error class `error` is an instance of, if any. */
export function mutationErrorType(error: unknown): (typeof MUTATION_ERRORS)[number] | undefined {
  return MUTATION_ERRORS.find((type) => error instanceof type);
}

/** Field options shared by every mutation: typed errors, result union named after the mutation. */
export function mutationErrors(name: string) {
  const base = name.charAt(0).toUpperCase() + name.slice(1);
  return { types: [...MUTATION_ERRORS], directResult: true as const, union: { name: `${base}Result` } };
}

/** Runs a mutation body and turns every failure into one of the typed mutation errors. */
export async function asMutationResult<T>(ctx: GatewayContext, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    currentRequest()?.tally?.countMutationSuccess();
    return result;
  } catch (error) {
    const typed = toMutationError(error);
    if (typed instanceof UpstreamError && typed.retryable) ctx.writes.retryableFailures += 1;
    throw typed;
  }
}

/** Maps `error` to a typed mutation error and counts that in the request's tally (its log line and metrics). */
export function toMutationError(error: unknown): unknown {
  const typed = mapToMutationError(error);
  if (typed instanceof GatewayError && mutationErrorType(typed)) currentRequest()?.tally?.countMutationError(typed.code);
  return typed;
}

function mapToMutationError(error: unknown): unknown {
  if (error instanceof UpstreamError) {
    // A vendor 400/422 means the vendor refused the input: for the client that is a validation
    // failure, reported with the vendor's own words.
    if (error.code === 'UPSTREAM_REJECTED') {
      return new ValidationError([{ field: 'input', message: error.vendorMessage ?? error.message }], { vendor: error.vendor });
    }
    if (error.code === 'UPSTREAM_CONFLICT') return new ConflictError(error.message, { vendor: error.vendor });
    return error;
  }
  if (mutationErrorType(error)) return error;
  if (error instanceof GatewayError && error.code === 'BAD_USER_INPUT') {
    return new ValidationError(error.issues.length > 0 ? error.issues : [{ field: 'input', message: error.message }]);
  }
  return error;
}
