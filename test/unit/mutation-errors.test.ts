// Bad input keeps its fields as data all the way to the typed ValidationError.
import { describe, expect, it } from 'vitest';
import { badUserInput, NotFoundError, UnsupportedOperationError, UpstreamError, ValidationError } from '../../src/errors.js';
import { MUTATION_ERRORS, mutationErrorType, toMutationError } from '../../src/schema/errors.js';

describe('toMutationError', () => {
  it('turns BAD_USER_INPUT into a ValidationError with the field it carries, whatever the message says', () => {
    const error = badUserInput('filter.segmentIds.0', 'not a BLOOMREACH segment: see docs');
    expect(error.message).toBe('filter.segmentIds.0: not a BLOOMREACH segment: see docs');
    expect(error.extensions.field).toBe('filter.segmentIds.0');
    const typed = toMutationError(error);
    expect(typed).toBeInstanceOf(ValidationError);
    expect((typed as ValidationError).issues).toEqual([{ field: 'filter.segmentIds.0', message: 'not a BLOOMREACH segment: see docs' }]);
  });

  it('keeps the typed errors as they are and maps a vendor rejection to a ValidationError on input', () => {
    const missing = new NotFoundError('Customer 1 not found at PIMCORE', { vendor: 'PIMCORE', id: '1' });
    expect(toMutationError(missing)).toBe(missing);
    const unsupported = new UnsupportedOperationError('MAUTIC', 'customItems.delete');
    expect(toMutationError(unsupported)).toBe(unsupported);
    const rejected = new UpstreamError('UPSTREAM_REJECTED', 'rejected', { vendor: 'MAUTIC', vendorMessage: 'email is invalid' });
    expect((toMutationError(rejected) as ValidationError).issues).toEqual([{ field: 'input', message: 'email is invalid' }]);
  });

  it('finds the typed error class from the one list', () => {
    expect(MUTATION_ERRORS).toHaveLength(6);
    expect(mutationErrorType(new ValidationError([{ field: 'a', message: 'b' }]))).toBe(ValidationError);
    expect(mutationErrorType(new Error('plain'))).toBeUndefined();
  });
});
