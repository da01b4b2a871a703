// The estimated number of vendor calls an operation can make, computed from the schema, the
// document and the variables before anything runs. A field that reaches a vendor costs one call; a
// list multiplies the cost of what is selected below it by its size: a connection by its page size
// (`first`, default 20, capped at 100 as the resolvers cap it), `nodes(ids)` by the number of ids,
// a per-vendor lookup by the number of configured vendors. Deliberately an upper bound: DataLoader
// batching and embedded lists often make fewer calls, never more.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/connection.js';

/** How many items a list field may hold, given its arguments and the number of configured vendors. */
type Size = number | 'page' | 'ids' | 'vendors';

export interface FieldCost {
  /** Vendor calls the field itself makes (per parent object). */
  calls: Size;
  /** Factor applied to the cost of the selection below the field. */
  items: Size;
  /** Served by a per-request loader or list read once (segment lists): its calls count once per operation. */
  once?: boolean;
}

/** Lists whose size the schema alone does not say (segment lists are short in every vendor's doc). */
const SHORT_LIST = 20;

/**
 * Fields that reach a vendor, other than root fields (one call each) and connections (a field with
 * a `first` argument: one call, items by page size). Keyed by `Type.field`.
 */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.nodes': { calls: 'ids', items: 'ids' },
  'Query.customersByEmail': { calls: 'vendors', items: 'vendors' },
  'Query.segments': { calls: 1, items: SHORT_LIST },
  'Query.segmentGroups': { calls: 1, items: SHORT_LIST },
  'Query.vendors': { calls: 0, items: 'vendors' },
  'VendorInfo.health': { calls: 1, items: 1 },
  'Customer.linkedProfiles': { calls: 'vendors', items: 'vendors' },
  'Customer.segments': { calls: 1, items: SHORT_LIST },
  'SegmentGroup.segments': { calls: 1, items: SHORT_LIST, once: true },
  'Segment.group': { calls: 1, items: 1, once: true },
  'Activity.customer': { calls: 1, items: 1 },
  'CustomItem.customer': { calls: 1, items: 1 },
  'CustomItem.site': { calls: 1, items: 1 },
  'Catalog.item': { calls: 1, items: 1 },
  'Site.customItem': { calls: 1, items: 1 },
  'Site.preferences': { calls: 1, items: 1 },
};

const FREE: FieldCost = { calls: 0, items: 1 };
const ROOT: FieldCost = { calls: 1, items: 1 };
const CONNECTION: FieldCost = { calls: 1, items: 'page' };

function costOf(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, root: boolean): FieldCost {
  const declared = FIELD_COSTS[`${parent.name}.${field.name}`];
  if (declared) return declared;
  if (field.args.some((a) => a.name === 'first')) return CONNECTION;
  return root ? ROOT : FREE;
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** Coerced variable values (as `getVariableValues` returns them). */
  variables: Readonly<Record<string, unknown>>;
  vendorCount: number;
}

export function estimateCost(input: CostInput): number {
  const { schema, fragments, variables, vendorCount } = input;
  // A fragment's cost depends only on its own selection, so each is walked once however often it is spread.
  const fragmentCosts = new Map<string, number>();
  const onceFields = new Set<string>();

  const size = (s: Size, node: FieldNode, field: GraphQLField<unknown, unknown>): number => {
    if (typeof s === 'number') return s;
    if (s === 'vendors') return vendorCount;
    const args = getArgumentValues(field, node, variables as Record<string, unknown>);
    if (s === 'ids') return Array.isArray(args.ids) ? args.ids.length : 0;
    const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
    return Math.max(0, Math.min(asked, MAX_PAGE_SIZE));
  };

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, root: boolean): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const cost = costOf(type, field, root);
        const items = size(cost.items, selection, field);
        const named = getNamedType(field.type);
        const below = selection.selectionSet && isCompositeType(named) ? walk(selection.selectionSet, named, false) : 0;
        if (cost.once) onceFields.add(`${type.name}.${field.name}`);
        total += (cost.once ? 0 : size(cost.calls, selection, field)) + items * below;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += walk(selection.selectionSet, condition && isCompositeType(condition) ? condition : type, root);
      } else {
        const name = selection.name.value;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          fragmentCosts.set(name, 0); // a cycle (refused by validation anyway) cannot recurse for ever
          const fragment = fragments[name];
          const condition = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
          cost = fragment && condition && isCompositeType(condition) ? walk(fragment.selectionSet, condition, root) : 0;
          fragmentCosts.set(name, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  const rootType = schema.getRootType(input.operation.operation);
  return rootType ? walk(input.operation.selectionSet, rootType, true) + onceFields.size : 0;
}
