// Contact list filtering as Mautic's `GET /api/contacts` does it: the `search` string (commands such
// as `email:`, `name:`, `ids:`, `is:anonymous`, any field alias, `!` to negate, `+` for strict, and
// catch-all text), `where[n][col|expr|val]` Doctrine-style expressions and `orderBy`/`orderByDir`.
// Comparisons are case-insensitive because Mautic runs on MySQL's case-insensitive collation.
import { ENTITY_COLUMNS, FIELD_BY_ALIAS } from './fields.js';
import type { ContactRecord } from './types.js';

export type ContactPredicate = (contact: ContactRecord) => boolean;
type ColumnValue = string | number | null;

/** Reads a column by field alias or entity column name; undefined when the column does not exist. */
export function columnAccessor(col: string): ((c: ContactRecord) => ColumnValue) | undefined {
  const bare = col.replace(/^l\./, '');
  const entity = ENTITY_COLUMNS[bare];
  if (entity) return (c) => c[entity];
  if (FIELD_BY_ALIAS.has(bare)) return (c) => c.fields[bare] ?? null;
  return undefined;
}

/** SQL LIKE with `%` and `_`, case-insensitive, anchored. */
export function likeMatcher(pattern: string): (value: string | null) => boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'is');
  return (value) => value !== null && re.test(value);
}

function tokenize(search: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of search) {
    if (ch === '"') quoted = !quoted;
    else if (/\s/.test(ch) && !quoted) {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

const CATCH_ALL = [
  'firstname',
  'lastname',
  'email',
  'company',
  'city',
  'state',
  'zipcode',
  'country',
  'facebook',
  'instagram',
  'linkedin',
  'twitter',
];

/** Parses Mautic's search string into one predicate (terms are ANDed). */
export function parseSearch(search: string): ContactPredicate {
  const predicates: ContactPredicate[] = [];
  for (let token of tokenize(search.trim())) {
    if (token.toUpperCase() === 'AND') continue;
    let negate = false;
    if (token.startsWith('!')) {
      negate = true;
      token = token.slice(1);
    }
    const colon = token.indexOf(':');
    const command = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    let value = colon > 0 ? token.slice(colon + 1) : token;
    value = value.replace(/^"(.*)"$/s, '$1');
    let strict = false;
    if (value.startsWith('+')) {
      strict = true;
      value = value.slice(1);
    }
    // Commands match "starts with" unless strict (Mautic appends `%`); catch-all text matches anywhere.
    const commandLike = likeMatcher(strict ? value : `${value}%`);
    let predicate: ContactPredicate | undefined;
    if (command === 'ids') {
      const ids = new Set(value.split(',').map((v) => Number(v.trim())));
      predicate = (c) => ids.has(c.id);
    } else if (command === 'is') {
      if (value === 'anonymous') predicate = (c) => c.dateIdentified === null;
      else if (value === 'unowned') predicate = () => true;
      else if (value === 'mine') predicate = () => false;
    } else if (command === 'email') {
      predicate = (c) => commandLike(c.fields.email ?? null);
    } else if (command === 'name') {
      predicate = (c) => commandLike(c.fields.firstname ?? null) || commandLike(c.fields.lastname ?? null);
    } else if (command === 'tag') {
      predicate = (c) => c.tags.some((t) => commandLike(t));
    } else if (command && FIELD_BY_ALIAS.has(command)) {
      predicate = (c) => commandLike(c.fields[command] ?? null);
    }
    if (!predicate) {
      // An unknown `word:` prefix is not a command, so the whole token is searched as text.
      const text = colon > 0 ? token.replace(/^"(.*)"$/s, '$1') : value;
      const anywhere = likeMatcher(strict ? text : `%${text}%`);
      predicate = (c) => CATCH_ALL.some((alias) => anywhere(c.fields[alias] ?? null));
    }
    const p = predicate;
    predicates.push(negate ? (c) => !p(c) : p);
  }
  return (c) => predicates.every((p) => p(c));
}

export interface WhereClause {
  col: string;
  expr: string;
  val: string;
  /** `val` was sent as a PHP array (`where[0][val][0]=…`). */
  valIsArray: boolean;
}

/** Collects `where[0][col]=..&where[0][expr]=..&where[0][val]=..`. */
export function parseWhere(query: URLSearchParams): WhereClause[] {
  const byIndex = new Map<string, WhereClause>();
  for (const [key, value] of query) {
    const m = /^where\[(\w+)\]\[(col|expr|val)\](\[\w*\])?$/.exec(key);
    if (!m?.[1] || !m[2]) continue;
    const clause = byIndex.get(m[1]) ?? { col: '', expr: 'eq', val: '', valIsArray: false };
    if (m[2] === 'col') clause.col = value;
    else if (m[2] === 'expr') clause.expr = value;
    else {
      clause.val = value;
      clause.valIsArray ||= m[3] !== undefined;
    }
    byIndex.set(m[1], clause);
  }
  return [...byIndex.values()];
}

/**
 * PHP's `str_getcsv($val, ',', '"')`, which core Mautic (4.0 on, `CommonRepository::
 * buildWhereClauseFromArray`) applies to an `in`/`notIn` value: commas separate, a double-quoted
 * field may hold commas, `""` inside it is one quote, and nothing is trimmed.
 */
export function parseCsvList(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i];
      }
      // Text after the closing quote up to the next comma belongs to the field, as in PHP.
      while (i < text.length && text[i] !== ',') field += text[i++];
    } else {
      while (i < text.length && text[i] !== ',') field += text[i++];
    }
    out.push(field);
    if (i >= text.length) return out;
    i++; // the comma
  }
}

/**
 * Mautic cleans `where` with `InputHelper::clean` (FILTER_SANITIZE_SPECIAL_CHARS); only the
 * `in`/`notIn` branch decodes it again, so other expressions compare the encoded text.
 */
function sanitizeSpecialChars(text: string): string {
  return text.replace(/[&"'<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Mautic stores dates in UTC and MySQL compares `'2025-01-31 12:00:00'` as written, so a date
 * without an offset is UTC here too (Date.parse would read it in the host's local time zone).
 */
function parseDate(text: string): number {
  const bare = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/.exec(text.trim());
  if (bare) return Date.parse(`${bare[1]}T${bare[2] ?? '00:00:00'}Z`);
  return Date.parse(text);
}

function compare(a: ColumnValue, b: string): number {
  if (typeof a === 'number') {
    const n = Number.isNaN(Number(b)) ? parseDate(b) : Number(b);
    return a - n;
  }
  return (a ?? '').toLowerCase().localeCompare(b.toLowerCase());
}

/** Builds the predicate for `where` clauses, or the message of the first invalid one. */
export function whereToPredicate(clauses: WhereClause[]): { ok: true; predicate: ContactPredicate } | { ok: false; message: string } {
  const predicates: ContactPredicate[] = [];
  for (const clause of clauses) {
    const read = columnAccessor(clause.col);
    if (!read) return { ok: false, message: `where: unknown column "${clause.col}"` };
    // Mautic 4+ passes `val` to html_entity_decode()/str_getcsv(), which fail on a PHP array (a
    // TypeError, answered 500); a clear 400 here.
    if (clause.valIsArray) return { ok: false, message: `where: "val" of column "${clause.col}" must be a string, not an array` };
    const values = parseCsvList(clause.val);
    const first = sanitizeSpecialChars(clause.val);
    const eq = (v: ColumnValue, w: string) => v !== null && compare(v, w) === 0;
    switch (clause.expr) {
      case 'eq':
        predicates.push((c) => eq(read(c), first));
        break;
      case 'neq':
        predicates.push((c) => !eq(read(c), first));
        break;
      case 'in':
        predicates.push((c) => values.some((w) => eq(read(c), w)));
        break;
      case 'notIn':
        predicates.push((c) => !values.some((w) => eq(read(c), w)));
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const op = clause.expr;
        predicates.push((c) => {
          const v = read(c);
          if (v === null) return false;
          const d = compare(v, first);
          return op === 'lt' ? d < 0 : op === 'lte' ? d <= 0 : op === 'gt' ? d > 0 : d >= 0;
        });
        break;
      }
      case 'like':
      case 'notLike': {
        const like = likeMatcher(first);
        const negate = clause.expr === 'notLike';
        predicates.push((c) => {
          const v = read(c);
          return like(v === null ? null : String(v)) !== negate;
        });
        break;
      }
      case 'isNull':
        predicates.push((c) => read(c) === null);
        break;
      case 'isNotNull':
        predicates.push((c) => read(c) !== null);
        break;
      default:
        return { ok: false, message: `where: unsupported expression "${clause.expr}"` };
    }
  }
  return { ok: true, predicate: (c) => predicates.every((p) => p(c)) };
}

/**
 * Sort for the list. Without `orderBy` Mautic's contact repository orders by `last_active DESC`.
 * NULLs sort first ascending and last descending, as in MySQL; ties fall back to id ascending.
 */
export function contactComparator(
  orderBy: string | null,
  dir: 'asc' | 'desc',
): ((a: ContactRecord, b: ContactRecord) => number) | undefined {
  const read = orderBy ? columnAccessor(orderBy) : columnAccessor('last_active');
  if (!read) return undefined;
  const sign = orderBy ? (dir === 'desc' ? -1 : 1) : -1;
  return (a, b) => {
    const va = read(a);
    const vb = read(b);
    let d = 0;
    if (va === null && vb !== null) d = -1;
    else if (va !== null && vb === null) d = 1;
    else if (typeof va === 'number' && typeof vb === 'number') d = va - vb;
    else if (va !== null && vb !== null) d = String(va).toLowerCase().localeCompare(String(vb).toLowerCase());
    return d * sign || a.id - b.id;
  };
}
