// The Pothos builder, its plugins and scalars. Domain types live in src/schema/.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { z } from 'zod';
import type { GatewayContext } from './context.js';
import { badUserInput } from './errors.js';
import { decodeGlobalId, encodeGlobalId, localId } from './ids.js';
import type { TotalCount } from './pagination/connection.js';
import InlineResolversPlugin, { PROPERTY_READ } from './perf/inline-resolvers-plugin.js';

interface GatewayTypes {
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  Connection: { totalCount: TotalCount };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}

/** One `nodes` call may fan out to this many vendor lookups at most. */
export const MAX_NODES_IDS = 100;

export const builder = new SchemaBuilder<GatewayTypes>({
  // InlineResolversPlugin comes last: it sees each field's own resolver, before other plugins wrap it.
  plugins: [ErrorsPlugin, ValidationPlugin, RelayPlugin, InlineResolversPlugin],
  // Fields are non-null unless they say otherwise: vendor-backed roots and relations opt in to
  // nullability so one failing vendor nulls only its own part of the response.
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Relay answers these from the connection and edge objects (pagination/connection.ts), which
    // hold plain values: graphql-jit may read them inline (src/perf/inline-resolvers-plugin.ts).
    edgesFieldOptions: { nullable: false, extensions: { [PROPERTY_READ]: true } },
    nodeFieldOptions: { nullable: false, extensions: { [PROPERTY_READ]: true } },
    pageInfoFieldOptions: { extensions: { [PROPERTY_READ]: true } },
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, String(id)),
    decodeGlobalID: (globalID) => {
      const parsed = decodeGlobalId(globalID);
      return { typename: parsed.typename, id: localId(parsed.vendor, parsed.nativeId) };
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global IDs (at most 100); a missing object is null plus a NOT_FOUND error.',
      args: { ids: { validate: z.array(z.unknown()).max(MAX_NODES_IDS, `at most ${MAX_NODES_IDS} ids per call`) } },
    },
  },
  errors: { defaultTypes: [] },
  validation: {
    validationError: (result) => {
      const issue = result.issues[0];
      const field = issue?.path?.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.') ?? 'input';
      return badUserInput(field, issue?.message ?? 'invalid value');
    },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({});
builder.mutationType({});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description: 'Total number of items, where the vendor can know it; null otherwise.',
    resolve: (parent) => parent.totalCount(),
  }),
);

export type GatewaySchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<GatewayTypes>;
