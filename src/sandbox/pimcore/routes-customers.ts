// /customers: CRUD over CMF customer objects (CustomersHandler).
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { hydrateCustomer } from './hydrate.js';
import {
  errorsResponse,
  isPaging,
  listResponse,
  msgResponse,
  noContent,
  type PimcoreContext,
  phpInt,
  readBody,
  readPaging,
  singleResponse,
} from './responses.js';
import type { PimcoreStore } from './store.js';
import type { CustomerRecord } from './types.js';
import { checkRequiredFields, idList, queryFlag, readCustomerFields } from './validate.js';

export function customerRoutes(ctx: PimcoreContext, store: PimcoreStore): SandboxRoute[] {
  /** ResourceNotFoundException, rendered by the controller as a `msg` body with its 404 code. */
  const load = (req: SandboxRequest): CustomerRecord | SandboxResponse => {
    const id = phpInt(req.params.id);
    return store.customers.get(id) ?? msgResponse(`Customer with ID ${id} was not found`, 404);
  };
  // The docs list includeActivities for the list only; the handler builds every customer answer
  // (read, create, update) from the same request filter params, so it is honoured there too (assumed).
  const respond = (req: SandboxRequest, customer: CustomerRecord, status = 200): SandboxResponse =>
    singleResponse(ctx, hydrateCustomer(ctx, store, customer, queryFlag(req.query.get('includeActivities'))), status);

  return [
    {
      method: 'GET',
      pattern: '/customers',
      handler: (req) => {
        const paging = readPaging(req.query);
        if (!isPaging(paging)) return paging;
        const modifiedSince = phpInt(req.query.get('modificationTimestamp'));
        const customers = store.listCustomers({
          // Customers in ANY of the given segments (segment manager's getCustomersBySegmentIds).
          segmentIds: idList(req.query.get('segments')),
          ...(modifiedSince > 0 ? { modifiedSince } : {}),
        });
        const includeActivities = queryFlag(req.query.get('includeActivities'));
        return listResponse(ctx, customers, paging, (c) => hydrateCustomer(ctx, store, c, includeActivities));
      },
    },
    {
      method: 'GET',
      pattern: '/customers/{id}',
      handler: (req) => {
        const customer = load(req);
        return 'status' in customer ? customer : respond(req, customer);
      },
    },
    {
      method: 'POST',
      pattern: '/customers',
      handler: (req) => {
        const body = readBody(req);
        if (!body.ok) return body.response;
        const fields = readCustomerFields(body.value, ctx.customerIdField);
        if (!fields.ok) return errorsResponse(fields.message);
        const missing = checkRequiredFields({ email: null, firstname: null, lastname: null, ...fields.value });
        if (missing) return errorsResponse(missing);
        return respond(req, store.createCustomer(fields.value, ctx.now()), 201);
      },
    },
    {
      method: 'PATCH',
      pattern: '/customers/{id}',
      handler: (req) => {
        const customer = load(req);
        if ('status' in customer) return customer;
        const body = readBody(req);
        if (!body.ok) return body.response;
        const fields = readCustomerFields(body.value, ctx.customerIdField);
        if (!fields.ok) return errorsResponse(fields.message);
        const missing = checkRequiredFields({ ...customer, ...fields.value });
        if (missing) return errorsResponse(missing);
        store.updateCustomer(customer, fields.value, ctx.now());
        return respond(req, customer);
      },
    },
    {
      method: 'DELETE',
      pattern: '/customers/{id}',
      handler: (req) => {
        const customer = load(req);
        if ('status' in customer) return customer;
        store.deleteCustomer(customer, ctx.now());
        return noContent();
      },
    },
  ];
}
