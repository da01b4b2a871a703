import { buildSchema, type GraphQLResolveInfo, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { customerInclude, selectedBelow } from '../../src/schema/selection.js';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Activity implements Node { id: ID! type: String }
  type CustomItem implements Node { id: ID! name: String }
  type Customer implements Node {
    id: ID!
    email: String
    activities: [Activity!]!
    customItems: [CustomItem!]!
    linkedProfiles: [Customer!]!
  }
  type Query { customers: [Customer!]! other: [Customer!]! }
`);

/** Runs `document` and answers what the `customers` resolver would see below itself. */
async function lookAhead<T>(document: string, look: (info: GraphQLResolveInfo) => T): Promise<T> {
  let seen: T | undefined;
  const rootValue = {
    customers: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      seen = look(info);
      return [];
    },
    other: () => [],
  };
  const result = await graphql({ schema, source: document, rootValue });
  expect(result.errors).toBeUndefined();
  if (seen === undefined) throw new Error('customers was not resolved');
  return seen;
}

const names = ['activities', 'customItems'];
const below = (document: string) => lookAhead(document, (info) => [...selectedBelow(info, names)].sort());

describe('selectedBelow', () => {
  it('finds nothing when only scalars are selected', async () => {
    expect(await below('{ customers { id email } }')).toEqual([]);
  });

  it('finds fields selected directly', async () => {
    expect(await below('{ customers { id activities { id } } }')).toEqual(['activities']);
  });

  it('finds fields nested deeper, as under linkedProfiles (over-approximates, never misses)', async () => {
    expect(await below('{ customers { linkedProfiles { customItems { id } } } }')).toEqual(['customItems']);
  });

  it('follows inline fragments and named fragments', async () => {
    const document = `
      fragment Items on Customer { customItems { name } }
      { customers { ... on Customer { activities { type } } ...Items } }`;
    expect(await below(document)).toEqual(['activities', 'customItems']);
  });

  it('follows fragments that spread other fragments', async () => {
    const document = `
      fragment A on Customer { activities { id } }
      fragment B on Customer { ...A }
      { customers { ...B } }`;
    expect(await below(document)).toEqual(['activities']);
  });

  it('finds a field beside a fragment spread again at a deeper level', async () => {
    const document = `
      fragment L on Customer { id linkedProfiles { id } }
      { customers { ...L linkedProfiles { ...L activities { id } } } }`;
    expect(await below(document)).toEqual(['activities']);
  });

  it('looks only below the current field, not at sibling root fields', async () => {
    expect(await below('{ customers { id } other { activities { id } } }')).toEqual([]);
  });

  it('merges the selections of one field requested twice', async () => {
    expect(await below('{ customers { id } customers { customItems { id } } }')).toEqual(['customItems']);
  });

  it('ignores names it was not asked about', async () => {
    expect(await lookAhead('{ customers { activities { id } } }', (info) => [...selectedBelow(info, ['customItems'])])).toEqual([]);
  });
});

describe('customerInclude', () => {
  it('asks for no embeds when neither list is selected', async () => {
    expect(await lookAhead('{ customers { id } }', customerInclude)).toEqual({ activities: false, customItems: false });
  });

  it('asks for each embed the query selects', async () => {
    expect(await lookAhead('{ customers { activities { id } } }', customerInclude)).toEqual({ activities: true, customItems: false });
    expect(await lookAhead('{ customers { customItems { id } } }', customerInclude)).toEqual({ activities: false, customItems: true });
    expect(await lookAhead('{ customers { activities { id } customItems { id } } }', customerInclude)).toEqual({
      activities: true,
      customItems: true,
    });
  });
});
