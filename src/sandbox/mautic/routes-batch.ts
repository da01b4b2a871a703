// Batch endpoints: `POST /api/contacts/batch/new` (201) and `PATCH /api/contacts/batch/edit` (200).
// Answer: `contacts` and `statusCodes` aligned with the input, plus `errors` keyed by input index
// when some failed (Mautic echoes a failed element's input in `contacts`).
//
// Atomicity: the plugin doc promises all-or-nothing for one contact; for batches it says nothing.
// Mautic processes batch elements one by one and reports a status per element, so here each
// element is all-or-nothing on its own (contact and its custom items) and the others still save.
// Elements are applied in order, so a later element sees contacts an earlier one created. As in
// Mautic, the answer is serialised once every element is saved, so each contact (and its
// `customObjects` block) shows the state after the whole batch.
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { ITEM_NOT_FOUND, mauticError, phpArray, singleError } from './errors.js';
import { isRecord, planContactWrite } from './payload.js';
import { parseContactId, wantsCustomObjects } from './routes-contacts.js';
import { contactToWire } from './serialize.js';
import type { MauticStore } from './store.js';
import type { ContactRecord, MauticError } from './types.js';

/** Mautic's `api_batch_max_limit` default. */
export const BATCH_MAX = 200;

interface BatchError {
  code: number;
  message: string;
  details: MauticError[] | [];
  type: 'validation' | 'api';
}

function batchElements(req: SandboxRequest): unknown[] | SandboxResponse {
  const parsed = req.json();
  if (!parsed.ok) return singleError(400, 'Request body is not valid JSON.');
  const body = parsed.value;
  // PHP accepts a list or an object keyed by index alike.
  const elements = Array.isArray(body) ? body : isRecord(body) ? Object.values(body) : null;
  if (!elements) return singleError(400, 'The request body must be an array of contacts.');
  if (elements.length > BATCH_MAX) return singleError(400, `A max of ${BATCH_MAX} entities are supported at a time.`);
  return elements;
}

export function batchRoutes(store: MauticStore): SandboxRoute[] {
  const run = (req: SandboxRequest, mode: 'new' | 'edit'): SandboxResponse => {
    const elements = batchElements(req);
    if (!Array.isArray(elements)) return elements;
    const include = wantsCustomObjects(req);
    const contacts: (ContactRecord | { failed: unknown })[] = [];
    const statusCodes: number[] = [];
    const errors = new Map<number, BatchError>();
    for (const [index, element] of elements.entries()) {
      const fail = (code: number, messages: MauticError[], type: BatchError['type']) => {
        statusCodes.push(code);
        contacts.push({ failed: element });
        errors.set(index, {
          code,
          message: messages.map((m) => m.message).join('; '),
          details: type === 'validation' ? messages : [],
          type,
        });
      };
      let target: ContactRecord | undefined;
      if (mode === 'edit') {
        const id = isRecord(element) ? parseContactId(String(element.id ?? '')) : undefined;
        target = id === undefined ? undefined : store.contacts.get(id);
        if (!target) {
          fail(404, [mauticError(404, ITEM_NOT_FOUND)], 'api');
          continue;
        }
      }
      const result = planContactWrite(store, element, mode === 'new' ? 'POST /api/contacts/batch/new' : 'PATCH /api/contacts/batch/edit');
      if (!result.ok) {
        fail(400, result.errors, 'validation');
        continue;
      }
      if (mode === 'new') target = store.findByUniqueIdentifiers(result.plan.fields);
      const { contact, created } = store.apply(target, result.plan);
      statusCodes.push(created ? 201 : 200);
      contacts.push(contact);
    }
    const body: Record<string, unknown> = {
      contacts: contacts.map((c) => ('failed' in c ? c.failed : contactToWire(store, c, include))),
      statusCodes,
    };
    if (errors.size > 0) body.errors = phpArray(errors);
    return { status: mode === 'new' ? 201 : 200, body };
  };

  return [
    { method: 'POST', pattern: '/api/contacts/batch/new', handler: (req) => run(req, 'new') },
    { method: 'PATCH', pattern: '/api/contacts/batch/edit', handler: (req) => run(req, 'edit') },
  ];
}
