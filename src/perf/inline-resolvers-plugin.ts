// A Pothos plugin that gives graphql-jit fields it can run inline (src/perf/jit.ts). graphql-jit
// reads a field without a resolver as a property, in the code it compiles for the selection; a
// field with one becomes a deferred call with its own resolve info, and a promise it answers adds
// microtasks (and, on Node 20, AsyncLocalStorage's hooks). On a 50-customer page, Pothos relay's
// fields made 100 such calls: each edge's `node` (a property read written as a resolver) and each
// Node's `id` (an `async` resolver). Measured in bench/RESULTS.md.
//
// - Fields marked `extensions: { [PROPERTY_READ]: true }` (relay's `edges`, `node` and `pageInfo`,
//   through the builder's relay field options) get the default resolver, which Pothos leaves out.
// - A Node's `id` is encoded right away, with the same `relay.encodeGlobalID` relay uses, when the
//   type's `id.resolve` answers a plain value; a promise is awaited, as relay would.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';

/** Field extension: the field answers the parent's property of the same name, never a promise. */
export const PROPERTY_READ = 'gatewayPropertyRead';

type IdResolver = (parent: unknown, args: object, context: object, info: unknown) => unknown;
type Encode = (typename: string, id: string, context: object) => string;

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

export class InlineResolversPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'Object') return resolver;
    if (fieldConfig.extensions?.[PROPERTY_READ] === true) return defaultFieldResolver;
    return this.nodeId(fieldConfig) ?? resolver;
  }

  private nodeId(fieldConfig: PothosOutputFieldConfig<Types>): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    const relay = this.builder.options.relay;
    if (fieldConfig.name !== (relay?.idFieldName ?? 'id') || !relay?.encodeGlobalID) return undefined;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const nodeId = (typeConfig.pothosOptions as { id?: { resolve?: IdResolver } }).id?.resolve;
    if (typeConfig.kind !== 'Object' || typeof nodeId !== 'function') return undefined;
    const typename = typeConfig.name;
    const encodeGlobalID = relay.encodeGlobalID as Encode;
    const encode = (id: unknown, context: object) => encodeGlobalID(typename, String(id), context);
    return (parent, args, context, info) => {
      const id = nodeId(parent, args, context, info);
      return isThenable(id) ? Promise.resolve(id).then((settled) => encode(settled, context)) : encode(id, context);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      inlineResolvers: InlineResolversPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('inlineResolvers', InlineResolversPlugin);

export default 'inlineResolvers' as const;
