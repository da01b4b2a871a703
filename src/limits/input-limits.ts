// Size limits on every argument, whether written in the document or passed as a variable: string
// lengths (emails at most 254 characters, RFC 5321's path limit) and the serialized size of JSON
// values. Checked on the coerced argument values before execution, so no vendor sees an oversized
// value and the error names the argument path.
import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  getArgumentValues,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { LimitSettings } from './settings.js';

export interface InputProblem {
  field: string;
  message: string;
}

type Limits = Pick<LimitSettings, 'maxStringLength' | 'maxEmailLength' | 'maxJsonBytes'>;

function check(value: unknown, type: GraphQLInputType, path: string, name: string, limits: Limits, out: InputProblem[]): void {
  if (value === null || value === undefined || out.length > 0) return;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) check(item, inner.ofType, `${path}.${i}`, name, limits, out);
    }
    return;
  }
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field) check(item, field.type, `${path}.${key}`, key, limits, out);
    }
    return;
  }
  if (!isScalarType(inner)) return;
  if (typeof value === 'string') {
    const max = /email/i.test(name) ? limits.maxEmailLength : limits.maxStringLength;
    if (value.length > max) out.push({ field: path, message: `must be at most ${max} characters (got ${value.length})` });
  } else if (typeof value === 'object') {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > limits.maxJsonBytes)
      out.push({ field: path, message: `must serialize to at most ${limits.maxJsonBytes} bytes (got ${bytes})` });
  }
}

// A document that declares no variables has the same answer on every request: it is found once
// (a walk of the whole document with type info was a visible share of a small query's profile).
// Keyed by the parsed document, which Yoga's parse cache shares; the limits are fixed per gateway.
const constantAnswers = new WeakMap<DocumentNode, WeakMap<Limits, { problem: InputProblem | undefined }>>();

/** The first argument over a limit, if any. `variables` are coerced values. */
export function findOversizedInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
  limits: Limits,
): InputProblem | undefined {
  const declaresVariables = document.definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions?.length ?? 0) > 0,
  );
  if (declaresVariables) return walkArguments(schema, document, variables, limits);
  let byLimits = constantAnswers.get(document);
  if (!byLimits) {
    byLimits = new WeakMap();
    constantAnswers.set(document, byLimits);
  }
  let known = byLimits.get(limits);
  if (!known) {
    known = { problem: walkArguments(schema, document, variables, limits) };
    byLimits.set(limits, known);
  }
  return known.problem;
}

function walkArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
  limits: Limits,
): InputProblem | undefined {
  const out: InputProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (!def || def.args.length === 0 || !node.arguments?.length || out.length > 0) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(def, node, variables as Record<string, unknown>);
        } catch {
          return; // invalid arguments: execution reports them
        }
        for (const arg of def.args) check(values[arg.name], arg.type, arg.name, arg.name, limits, out);
      },
    }),
  );
  return out[0];
}
