// Looks ahead in the query so a list call can ask the vendor for embeds (Pimcore
// `includeActivities`, Mautic `includeCustomObjects`) only when the client selected them.
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { CustomerInclude } from '../sources/customers.js';

function visit(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  names: Set<string>,
  found: Set<string>,
  seen: Set<string>,
): void {
  if (!set) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (names.has(selection.name.value)) found.add(selection.name.value);
      visit(selection.selectionSet, info, names, found, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      visit(selection.selectionSet, info, names, found, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      visit(info.fragments[name]?.selectionSet, info, names, found, seen);
    }
  }
}

/** Which of `names` appear anywhere below the current field. Over-approximates, never misses. */
export function selectedBelow(info: GraphQLResolveInfo, names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const wanted = new Set(names);
  for (const node of info.fieldNodes as readonly FieldNode[]) visit(node.selectionSet, info, wanted, found, new Set());
  return found;
}

export function customerInclude(info: GraphQLResolveInfo): CustomerInclude {
  const found = selectedBelow(info, ['activities', 'customItems']);
  return { activities: found.has('activities'), customItems: found.has('customItems') };
}
