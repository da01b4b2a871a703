// Custom item writes ride on contact calls that answer 200 whether or not the plugin saved the
// items (a plugin that does not listen on the path, or is disabled, drops `customObjects` without a
// word). So a write counts only when the contact the call answered with shows the item as written.
import type { CustomerRecord, CustomItemRecord } from '../../domain/model.js';
import { UpstreamError, ValidationError } from '../../errors.js';
import type { CustomItemWrite } from '../../sources/custom-items.js';

export type ItemDraft = Pick<CustomItemWrite, 'objectType' | 'key' | 'name' | 'attributes'>;

/**
 * The unique-identifier fields `POST /api/contacts/new` matches an existing contact on (core
 * Mautic: `LeadApiController::getNewEntity` → `LeadModel::checkForDuplicateContact`, fields flagged
 * "unique identifier": `email` by default, this tenant's `customer_id`). Every identifier the
 * contact has is sent, so the match holds whether the instance ORs or ANDs them.
 */
export function identifiersOf(customer: CustomerRecord): Record<string, string> | undefined {
  const ids: Record<string, string> = {};
  if (customer.email) ids.email = customer.email;
  if (customer.customId) ids.customer_id = customer.customId;
  return Object.keys(ids).length > 0 ? ids : undefined;
}

export const anonymousOwner = (contactId: string) =>
  new ValidationError(
    [
      {
        field: 'customerId',
        message: `contact ${contactId} has no email or customId: Mautic writes custom items only through the create-or-update call, which finds the contact by those`,
      },
    ],
    { vendor: 'MAUTIC' },
  );

export function notStored(what: string, why: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `MAUTIC did not store ${what}: ${why}`, { vendor: 'MAUTIC', retryable: false });
}

/** The answer is the owner: by id, or (an answer without id, as in the doc's example) by every identifier sent. */
function isOwner(answered: CustomerRecord, owner: { id: string; identifiers: Record<string, string> }): boolean {
  if (answered.vendorId !== '') return answered.vendorId === owner.id;
  const same = (a: string | null, b: string | undefined) => b === undefined || (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
  return same(answered.email, owner.identifiers.email) && same(answered.customId, owner.identifiers.customer_id);
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

/** A stored field value equals the written one as the plugin may echo it (a number as text, a date with a time). */
function sameValue(stored: unknown, written: unknown): boolean {
  if (written === null || written === undefined || written === '') return stored === null || stored === undefined || stored === '';
  if (Array.isArray(written)) {
    if (!Array.isArray(stored) || stored.length !== written.length) return false;
    const rest = [...stored];
    return written.every((w) => {
      const at = rest.findIndex((s) => sameValue(s, w));
      return at >= 0 && rest.splice(at, 1).length === 1;
    });
  }
  if (typeof written === 'object') return JSON.stringify(stored) === JSON.stringify(written);
  if (stored === null || stored === undefined || typeof stored === 'object') return false;
  if (String(stored) === String(written)) return true;
  if (typeof written === 'string' && DAY.test(written) && typeof stored === 'string' && DAY.test(stored)) {
    const [a, b] = [Date.parse(stored), Date.parse(written)];
    return !Number.isNaN(a) && (a === b || (written.length === 10 && stored.startsWith(written)));
  }
  return false;
}

function matches(item: CustomItemRecord, draft: ItemDraft): boolean {
  if (item.objectType !== draft.objectType) return false;
  if (draft.name !== undefined && draft.name !== null && (item.name ?? '').trim() !== draft.name.trim()) return false;
  return Object.entries(draft.attributes).every(([alias, value]) => sameValue(item.attributes[alias], value));
}

/**
 * The item a write produced, from the items the answer shows: for an update the item with that id,
 * for an insert the newest item not shown before the write (`before`, when known) and not already
 * claimed by another write of the same call; in both cases holding the values written.
 */
export function findWritten(
  after: readonly CustomItemRecord[],
  draft: ItemDraft,
  before: ReadonlySet<string> | undefined,
  claimed: Set<string>,
): CustomItemRecord | undefined {
  let found: CustomItemRecord | undefined;
  if (draft.key !== undefined) {
    const key = String(Number(draft.key));
    found = after.find((i) => i.key === key && i.objectType === draft.objectType && matches(i, draft));
  } else {
    for (const item of after) {
      if (before?.has(item.key) || claimed.has(item.key) || !matches(item, draft)) continue;
      if (!found || Number(item.key) > Number(found.key)) found = item;
    }
  }
  if (found) claimed.add(found.key);
  return found;
}

/**
 * Checks a write's answer: the contact Mautic matched must be the owner, and the item must be
 * there as written. An updated item older than the window the answer shows cannot be confirmed.
 */
export function verifiedItem(
  answered: CustomerRecord,
  owner: { id: string; identifiers: Record<string, string> },
  draft: ItemDraft,
  before: ReadonlySet<string> | undefined,
  claimed: Set<string>,
): CustomItemRecord | Error {
  const ownerId = owner.id;
  const what = draft.key !== undefined ? `custom item ${draft.key} (${draft.objectType})` : `the new ${draft.objectType} item`;
  if (!isOwner(answered, owner)) {
    return notStored(
      `${what} on contact ${ownerId}`,
      `its identifiers matched contact ${answered.vendorId}, which the call updated instead (duplicate contacts?)`,
    );
  }
  const embedded = answered.customItems;
  const found = embedded ? findWritten(embedded.items, draft, before, claimed) : undefined;
  if (found) return found;
  const hidden =
    draft.key !== undefined &&
    embedded !== undefined &&
    !embedded.items.some((i) => i.key === String(Number(draft.key))) &&
    (embedded.truncatedTypes.includes(draft.objectType) || embedded.typesPossiblyMissing === true);
  if (hidden) {
    return new UpstreamError(
      'UPSTREAM_BAD_RESPONSE',
      `MAUTIC cannot confirm it stored ${what}: the item is older than the window of items Mautic returns for the contact; check it in Mautic`,
      { vendor: 'MAUTIC', retryable: false },
    );
  }
  return notStored(what, 'the contact came back without it as written (the Custom Objects plugin ignored customObjects on this call)');
}
