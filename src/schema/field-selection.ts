// Which fields a query selected on the objects a resolver returns, so adapters of vendors with
// property selection (SFCC `select`) can ask for no more. Follows fragments; over-approximates
// (a field selected in any fragment counts), never misses.
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { SelectedFields } from '../sources/sites.js';

function collect(
  sets: readonly SelectionSetNode[],
  info: GraphQLResolveInfo,
  name: string | undefined,
  out: SelectionSetNode[] | Set<string>,
  seen = new Set<string>(),
): void {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (name === undefined) (out as Set<string>).add(selection.name.value);
        else if (selection.name.value === name && selection.selectionSet) (out as SelectionSetNode[]).push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect([selection.selectionSet], info, name, out, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) collect([fragment.selectionSet], info, name, out, seen);
      }
    }
  }
}

/** Field names selected on the object found at `path` below the current field (`['edges', 'node']` for a connection's nodes). */
export function selectedFieldsAt(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    const next: SelectionSetNode[] = [];
    collect(sets, info, step, next);
    sets = next;
  }
  const names = new Set<string>();
  collect(sets, info, undefined, names);
  return names;
}

/**
 * The selected fields among `content` (the ones whose values come from the vendor document), or
 * 'all' when `attributes` (the whole vendor document) is among them. Identity fields and relations
 * are left out so two selections that need the same document share one loader.
 */
export function contentFields(info: GraphQLResolveInfo, path: readonly string[], content: readonly string[]): SelectedFields {
  const selected = selectedFieldsAt(info, path);
  if (selected.has('attributes')) return 'all';
  return new Set(content.filter((f) => selected.has(f)));
}

export function fieldsKey(fields: SelectedFields): string {
  return fields === 'all' ? '*' : [...fields].sort().join(',');
}
