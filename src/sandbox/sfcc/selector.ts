// OCAPI property selection (`select=`): `(**)` everything, `(*)` top-level non-complex properties,
// `(name)`/`(+name)` include, `(-name)` exclude, `(name.(...))` child selection, and array indexing
// `[0]`, `[0:4]`, `[1,3,5]`, `[?(@.p=='v' && @.q>1)]`. Properties starting with `_` (`_v`, `_type`,
// `_resource_state`) are always returned.

type Literal = string | number | boolean;
type Comparison = { prop: string; op: '==' | '!=' | '<=' | '>=' | '<' | '>'; value: Literal };
type IndexSel =
  | { kind: 'list'; indexes: number[] }
  | { kind: 'slice'; from: number; to: number }
  | { kind: 'filter'; anyOf: Comparison[][] };

interface PropSel {
  index?: IndexSel;
  sub?: Selector;
}

export interface Selector {
  all: boolean;
  top: boolean;
  includes: Map<string, PropSel>;
  excludes: Set<string>;
}

class SelectorSyntaxError extends Error {}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  peek(n = 1): string {
    return this.src.slice(this.pos, this.pos + n);
  }

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src.charAt(this.pos))) this.pos++;
  }

  expect(token: string): void {
    this.skipSpace();
    if (this.peek(token.length) !== token) throw new SelectorSyntaxError(`expected '${token}' at ${this.pos}`);
    this.pos += token.length;
  }

  name(): string {
    this.skipSpace();
    const m = /^[A-Za-z0-9_]+/.exec(this.src.slice(this.pos));
    if (!m) throw new SelectorSyntaxError(`expected a property name at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  integer(): number {
    this.skipSpace();
    const m = /^\d+/.exec(this.src.slice(this.pos));
    if (!m) throw new SelectorSyntaxError(`expected an index at ${this.pos}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  group(): Selector {
    this.expect('(');
    const sel: Selector = { all: false, top: false, includes: new Map(), excludes: new Set() };
    for (;;) {
      this.skipSpace();
      if (this.peek(2) === '**') {
        this.pos += 2;
        sel.all = true;
      } else if (this.peek() === '*') {
        this.pos += 1;
        sel.top = true;
      } else {
        let sign = '+';
        if (this.peek() === '+' || this.peek() === '-') {
          sign = this.peek();
          this.pos += 1;
        }
        const prop = this.name();
        if (sign === '-') sel.excludes.add(prop);
        else {
          const ps: PropSel = {};
          this.skipSpace();
          if (this.peek() === '[') ps.index = this.index();
          this.skipSpace();
          if (this.peek() === '.') {
            this.pos += 1;
            ps.sub = this.group();
          }
          sel.includes.set(prop, ps);
        }
      }
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos += 1;
        continue;
      }
      this.expect(')');
      return sel;
    }
  }

  index(): IndexSel {
    this.expect('[');
    this.skipSpace();
    let result: IndexSel;
    if (this.peek() === '?') {
      this.pos += 1;
      this.expect('(');
      const anyOf: Comparison[][] = [[this.comparison()]];
      for (;;) {
        this.skipSpace();
        if (this.peek(2) === '&&') {
          this.pos += 2;
          anyOf[anyOf.length - 1]?.push(this.comparison());
        } else if (this.peek(2) === '||') {
          this.pos += 2;
          anyOf.push([this.comparison()]);
        } else break;
      }
      this.expect(')');
      result = { kind: 'filter', anyOf };
    } else {
      const first = this.integer();
      this.skipSpace();
      if (this.peek() === ':') {
        this.pos += 1;
        result = { kind: 'slice', from: first, to: this.integer() };
      } else {
        const indexes = [first];
        for (this.skipSpace(); this.peek() === ','; this.skipSpace()) {
          this.pos += 1;
          indexes.push(this.integer());
        }
        result = { kind: 'list', indexes };
      }
    }
    this.expect(']');
    return result;
  }

  comparison(): Comparison {
    this.expect('@.');
    const prop = this.name();
    this.skipSpace();
    const op = (['==', '!=', '<=', '>=', '<', '>'] as const).find((o) => this.peek(o.length) === o);
    if (!op) throw new SelectorSyntaxError(`expected a comparison operator at ${this.pos}`);
    this.pos += op.length;
    this.skipSpace();
    let value: Literal;
    const rest = this.src.slice(this.pos);
    const str = /^'([^']*)'/.exec(rest);
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    const bool = /^(true|false)\b/.exec(rest);
    if (str) {
      value = str[1] ?? '';
      this.pos += str[0].length;
    } else if (num) {
      value = Number(num[0]);
      this.pos += num[0].length;
    } else if (bool) {
      value = bool[1] === 'true';
      this.pos += bool[0].length;
    } else throw new SelectorSyntaxError(`expected a literal at ${this.pos}`);
    return { prop, op, value };
  }
}

/** Parses a `select` value; undefined when it is not a valid selector. */
export function parseSelector(raw: string): Selector | undefined {
  try {
    const parser = new Parser(raw.trim());
    const sel = parser.group();
    parser.skipSpace();
    if (parser.pos !== parser.src.length) return undefined;
    return sel;
  } catch (error) {
    if (error instanceof SelectorSyntaxError) return undefined;
    throw error;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects, and arrays holding objects, are "complex"; arrays of plain values count as simple. */
function isComplex(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => typeof v === 'object' && v !== null);
  return isPlainObject(value);
}

function compare(actual: unknown, c: Comparison): boolean {
  if (actual === undefined || actual === null) return c.op === '!=';
  const a = actual as Literal;
  switch (c.op) {
    case '==':
      return a === c.value;
    case '!=':
      return a !== c.value;
    case '<':
      return a < c.value;
    case '<=':
      return a <= c.value;
    case '>':
      return a > c.value;
    case '>=':
      return a >= c.value;
  }
}

function selectIndexes(list: unknown[], index: IndexSel): unknown[] {
  switch (index.kind) {
    case 'list':
      return index.indexes.filter((i) => i < list.length).map((i) => list[i]);
    case 'slice':
      return list.slice(index.from, index.to + 1);
    case 'filter':
      return list.filter((el) => isPlainObject(el) && index.anyOf.some((all) => all.every((c) => compare(el[c.prop], c))));
  }
}

function applyProp(value: unknown, prop: PropSel): unknown {
  let v = value;
  if (prop.index && Array.isArray(v)) v = selectIndexes(v, prop.index);
  if (!prop.sub) return v;
  const sub = prop.sub;
  if (Array.isArray(v)) return v.map((el) => (isPlainObject(el) ? applySelector(el, sub) : el));
  if (isPlainObject(v)) return applySelector(v, sub);
  return v;
}

export function applySelector(doc: Record<string, unknown>, sel: Selector): Record<string, unknown> {
  const onlyExcludes = !sel.all && !sel.top && sel.includes.size === 0 && sel.excludes.size > 0;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key.startsWith('_')) {
      out[key] = value;
      continue;
    }
    if (sel.excludes.has(key)) continue;
    const include = sel.includes.get(key);
    if (include) out[key] = applyProp(value, include);
    else if (sel.all || onlyExcludes) out[key] = value;
    else if (sel.top && !isComplex(value)) out[key] = value;
  }
  return out;
}
