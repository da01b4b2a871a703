// Writes the trusted-documents manifest (`GATEWAY_TRUSTED_DOCUMENTS`) from test/documents/*.graphql:
// each operation, printed with the fragments it uses, keyed by the SHA-256 of that text. A client
// sends the hash as `extensions.persistedQuery.sha256Hash` (the same hash APQ uses). Run by
// `npm run codegen`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DefinitionNode, type FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';
import { sha256Hex } from '../src/persisted/apq.js';

const DOCUMENTS = 'test/documents';
export const TRUSTED_MANIFEST = 'test/generated/trusted-documents.json';

const definitions: DefinitionNode[] = readdirSync(DOCUMENTS)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .flatMap((f) => parse(readFileSync(join(DOCUMENTS, f), 'utf8')).definitions);
const fragments = new Map(
  definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as [string, FragmentDefinitionNode]] : [])),
);

/** The fragments `node` spreads, transitively, in name order. */
function fragmentsOf(node: DefinitionNode): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [node];
  while (pending.length > 0) {
    visit(pending.pop() as DefinitionNode, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(spread.name.value)) {
          found.set(spread.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

const manifest: Record<string, string> = {};
for (const d of definitions) {
  if (d.kind !== Kind.OPERATION_DEFINITION) continue;
  const text = [d, ...fragmentsOf(d)].map((n) => print(n)).join('\n\n');
  manifest[sha256Hex(text)] = text;
}
writeFileSync(TRUSTED_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${Object.keys(manifest).length} trusted documents to ${TRUSTED_MANIFEST}`);
