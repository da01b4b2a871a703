// A Pothos plugin that answers every Node's `id` field synchronously. Pothos relay resolves that
// field with an `async` function (it awaits the type's `id.resolve`, which may return a promise),
// so each id in a 50-customer page cost a promise, its microtasks and, on Node 20, the async hooks
// AsyncLocalStorage runs for it: about a tenth of the heap a page allocated (bench/RESULTS.md).
// Where the type's `id.resolve` returns a plain value, the id is encoded right away with the same
// `relay.encodeGlobalID` relay would use; a promise is awaited, as relay would.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';

type IdResolver = (parent: unknown, args: object, context: object, info: unknown) => unknown;
type Encode = (typename: string, id: string, context: object) => string;

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

export class SyncNodeIdPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const relay = this.builder.options.relay;
    if (fieldConfig.kind !== 'Object' || fieldConfig.name !== (relay?.idFieldName ?? 'id') || !relay?.encodeGlobalID) return resolver;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const nodeId = (typeConfig.pothosOptions as { id?: { resolve?: IdResolver } }).id?.resolve;
    if (typeConfig.kind !== 'Object' || typeof nodeId !== 'function') return resolver;
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
      syncNodeId: SyncNodeIdPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('syncNodeId', SyncNodeIdPlugin);

export default 'syncNodeId' as const;
