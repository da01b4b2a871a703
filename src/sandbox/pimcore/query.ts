// Query strictness: the doc's parameter tables are the whole contract, so each collection accepts
// only the parameters its table lists (plus `apikey`, the Pimcore core webservice's key parameter),
// spelled as listed, with the documented value forms. The CMF itself (PHP) would ignore unknown
// names and coerce bad values; answering 400 instead makes a gateway typo (`modifiedSince` for
// `modificationTimestamp`) fail loudly here rather than silently return everything in production.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { errorsResponse } from './responses.js';

const PAGING = ['page', 'pageSize'];
/** Parameters per collection, from the doc's tables; the customers table applies to the whole customers API. */
const ALLOWED: Record<string, readonly string[]> = {
  customers: ['includeActivities', 'segments', 'modificationTimestamp', ...PAGING],
  activities: ['type', 'modifiedSinceTimestamp', ...PAGING],
  deletions: ['entityType', 'deletionsSinceTimestamp'],
  segments: PAGING,
  'segment-groups': PAGING,
  'segments-of-customers': [],
};

const INT = /^\d+$/;
/** Value forms the tables give: int, timestamp/int, true/false, comma-separated list of IDs. */
const FORMS: Record<string, { re: RegExp; says: string }> = {
  page: { re: INT, says: 'an int' },
  pageSize: { re: INT, says: 'an int' },
  modificationTimestamp: { re: INT, says: 'an int timestamp' },
  modifiedSinceTimestamp: { re: INT, says: 'an int timestamp' },
  deletionsSinceTimestamp: { re: INT, says: 'an int timestamp' },
  includeActivities: { re: /^(true|false)$/, says: 'true or false' },
  segments: { re: /^\d+(,\d+)*$/, says: 'a comma-separated list of IDs' },
};

function check(collection: string, query: URLSearchParams): SandboxResponse | undefined {
  const allowed = ALLOWED[collection] ?? [];
  for (const [name, value] of query) {
    if (name === 'apikey') continue;
    if (!allowed.includes(name)) return errorsResponse(`Unknown query parameter "${name}" for /${collection}`);
    const form = FORMS[name];
    if (form && !form.re.test(value)) return errorsResponse(`Query parameter "${name}" must be ${form.says}, got "${value}"`);
  }
  return undefined;
}

export function strictQuery(route: SandboxRoute): SandboxRoute {
  const collection = route.pattern.split('/')[1] ?? '';
  return { ...route, handler: (req: SandboxRequest) => check(collection, req.query) ?? route.handler(req) };
}
