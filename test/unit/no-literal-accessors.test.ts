// No getter or setter on an object literal, nor one added by Object.defineProperty, anywhere in the
// gateway's source. V8 allocates such an accessor pair in the old generation; made per request, it
// kept what its closures reach (a whole page of records, a vendor call's controller and timer) alive
// through every scavenge until the next Mark-Compact: 28–31 KB promoted per 50-customer request, and a
// Mark-Compact every few hundred milliseconds under load (bench/RESULTS.md, fifth pass). Accessors
// belong on classes, whose prototype holds one pair for every instance.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `file:line` of every accessor on an object literal or defined through Object.defineProperty/ies. */
function literalAccessors(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${relative(ROOT, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  // Calls that take property descriptors: Object.defineProperty/ies, Object.create, Reflect.defineProperty.
  const DESCRIBING: Record<string, string[]> = { Object: ['defineProperty', 'defineProperties', 'create'], Reflect: ['defineProperty'] };
  const isDefineProperty = (node: ts.CallExpression) =>
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    (DESCRIBING[node.expression.expression.text] ?? []).includes(node.expression.name.text);
  const isLegacyAccessor = (node: ts.CallExpression) =>
    ts.isPropertyAccessExpression(node.expression) && ['__defineGetter__', '__defineSetter__'].includes(node.expression.name.text);
  const visit = (node: ts.Node, inDefine: boolean): void => {
    if ((ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && ts.isObjectLiteralExpression(node.parent)) {
      found.push(at(node));
    }
    // Inside Object.defineProperty(…): a descriptor's `get`/`set` property is an accessor too.
    const descriptorKey =
      (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node)) &&
      ts.isIdentifier(node.name) &&
      ['get', 'set'].includes(node.name.text);
    if (inDefine && descriptorKey) found.push(at(node));
    if (ts.isCallExpression(node) && isLegacyAccessor(node)) found.push(at(node));
    const define = inDefine || (ts.isCallExpression(node) && isDefineProperty(node));
    ts.forEachChild(node, (child) => visit(child, define));
  };
  visit(file, false);
  return found;
}

describe('accessors', () => {
  it('are never defined on an object literal or through Object.defineProperty in src/', () => {
    const found = sourceFiles(join(ROOT, 'src')).flatMap((path) => literalAccessors(path, readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it('are found by this check where they would be', () => {
    const sample = [
      'const a = { get x() { return 1; } };',
      'const b = { set y(v: number) {} };',
      "Object.defineProperty(o, 'z', { get: () => 1 });",
      'Object.defineProperties(o, { w: { set(v: number) {} } });',
      "Reflect.defineProperty(o, 'v', { get: () => 1 });",
      'Object.create(p, { u: { get() { return 1; } } });',
      "o.__defineGetter__('t', () => 1);",
      'class C { get fine() { return 1; } }',
      'const d = { get: 1, fine: () => 2 };',
    ].join('\n');
    expect(literalAccessors(join(ROOT, 'src/sample.ts'), sample)).toEqual([1, 2, 3, 4, 5, 6, 7].map((line) => `src/sample.ts:${line}`));
  });
});
