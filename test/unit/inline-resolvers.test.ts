import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { execute, type GraphQLObjectType, type GraphQLSchema, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import InlineResolversPlugin, { PROPERTY_READ } from '../../src/perf/inline-resolvers-plugin.js';
import { schema } from '../../src/schema/index.js';

interface Thing {
  key: string;
  marked?: string;
}

/** A two-node schema, with or without the plugin: one node's id resolves at once, the other's later. */
function tinySchema(withPlugin: boolean): GraphQLSchema {
  const builder = new SchemaBuilder<{ Context: object }>({
    plugins: withPlugin ? [RelayPlugin, InlineResolversPlugin] : [RelayPlugin],
    relay: { encodeGlobalID: (typename, id) => `${typename}/${id}` },
  });
  const Now = builder.objectRef<Thing>('Now');
  const Later = builder.objectRef<Thing>('Later');
  builder.node(Now, { id: { resolve: (t) => t.key }, fields: (t) => ({ key: t.exposeString('key') }) });
  builder.node(Later, { id: { resolve: async (t) => `${t.key}!` }, fields: (t) => ({ key: t.exposeString('key') }) });
  builder.objectFields(Later, (t) => ({
    marked: t.string({ nullable: true, extensions: { [PROPERTY_READ]: true }, resolve: (l) => l.marked }),
    unmarked: t.string({ resolve: (l) => l.key }),
  }));
  builder.queryType({
    fields: (t) => ({
      now: t.field({ type: Now, resolve: () => ({ key: 'a' }) }),
      later: t.field({ type: Later, resolve: () => ({ key: 'b', marked: 'm' }) }),
    }),
  });
  return builder.toSchema();
}

const idResolve = (s: GraphQLSchema, type: string) => (s.getType(type) as GraphQLObjectType).getFields().id?.resolve;

describe('InlineResolversPlugin', () => {
  it('answers the same ids as Pothos relay, synchronously where the id is a plain value', async () => {
    const query = parse('{ now { id key } later { id key marked unmarked } }');
    const relayOnly = await execute({ schema: tinySchema(false), document: query });
    const withPlugin = await execute({ schema: tinySchema(true), document: query });
    expect(withPlugin).toEqual(relayOnly);
    expect(withPlugin.data).toEqual({ now: { id: 'Now/a', key: 'a' }, later: { id: 'Later/b!', key: 'b', marked: 'm', unmarked: 'b' } });

    const sync = idResolve(tinySchema(true), 'Now')?.({ key: 'a' }, {}, {}, {} as never);
    expect(sync).toBe('Now/a');
    const relaySync = idResolve(tinySchema(false), 'Now')?.({ key: 'a' }, {}, {}, {} as never);
    expect(relaySync).toBeInstanceOf(Promise);
    const later = idResolve(tinySchema(true), 'Later')?.({ key: 'b' }, {}, {}, {} as never);
    expect(later).toBeInstanceOf(Promise);
    await expect(later).resolves.toBe('Later/b!');
  });

  it('leaves a field marked as a property read without a resolver, and an unmarked one with its own', () => {
    const fields = (tinySchema(true).getType('Later') as GraphQLObjectType).getFields();
    expect(fields.marked?.resolve).toBeUndefined();
    expect(fields.unmarked?.resolve).toBeTypeOf('function');
    expect((tinySchema(false).getType('Later') as GraphQLObjectType).getFields().marked?.resolve).toBeTypeOf('function');
  });

  it("leaves relay's edges, node and pageInfo of every connection of the gateway without a resolver", () => {
    const connections = Object.values(schema.getTypeMap()).filter(
      (t): t is GraphQLObjectType => isObjectType(t) && t.name.endsWith('Connection'),
    );
    expect(connections.length).toBeGreaterThan(5);
    for (const connection of connections) {
      const fields = connection.getFields();
      expect([fields.edges?.resolve, fields.pageInfo?.resolve], connection.name).toEqual([undefined, undefined]);
      const edge = (fields.edges?.type.toString() ?? '').replace(/[[\]!]/g, '');
      expect((schema.getType(edge) as GraphQLObjectType).getFields().node?.resolve, edge).toBeUndefined();
    }
  });

  it("gives every Node type of the gateway's schema a synchronous id", () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter(
      (t): t is GraphQLObjectType => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'),
    );
    expect(nodeTypes.length).toBeGreaterThan(5);
    for (const type of nodeTypes) {
      const extensions = type.getFields().id?.extensions as { pothosResolveWrapped?: boolean } | undefined;
      expect(extensions?.pothosResolveWrapped, type.name).toBe(true);
    }
    const customer = { vendor: 'PIMCORE', vendorId: '42' };
    expect(idResolve(schema, 'Customer')?.(customer, {}, {}, {} as never)).toBe(globalId('Customer', 'PIMCORE', '42'));
  });
});
