// A vendor record validated field by field and then passed on as it came, extra keys and all.
//
// A loose zod object (`z.looseObject`) answers a copy of the record: every field it knows, then
// each key it does not know, one by one through its catchall. The records of a list page carry
// many keys of the tenant's own (Pimcore's customer class has ~20), which the mappers only read
// once, for `attributes`. Validating the known fields with a stripping object and keeping the
// record itself took a 50-customer page's validation from 79–193 µs to 34–94 µs (ranges over
// runs) and dropped the copy, the largest single allocation of the page (bench/RESULTS.md).
//
// Sound only for schemas that validate without changing values: no transforms, defaults or
// coercion in the shape (wire schemas carry none; test/unit/wire-fast-path.test.ts checks).
import { z } from 'zod';

const checks = new WeakMap<z.ZodType, z.ZodType>();

/** Checks a record with `loose`'s fields and answers the record itself (its output type is `loose`'s). */
export function checkedRecord<S extends z.ZodObject>(loose: S): z.ZodType<z.output<S>, z.input<S>> {
  const known = z.object(loose.shape);
  const checked = z.unknown().check((ctx) => {
    const result = known.safeParse(ctx.value);
    // The issues keep their paths and messages; zod prefixes the paths with where the record sits
    // (`data.3.email`). Their input is the field's, which zod does not keep, not the record's.
    if (!result.success) for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: undefined } as z.core.$ZodRawIssue);
  }) as unknown as z.ZodType<z.output<S>, z.input<S>>;
  checks.set(checked, known);
  return checked;
}

/** The object a `checkedRecord` validates with, for tools that walk schema definitions. */
export function recordCheckOf(schema: unknown): z.ZodType | undefined {
  return typeof schema === 'object' && schema !== null ? checks.get(schema as z.ZodType) : undefined;
}
