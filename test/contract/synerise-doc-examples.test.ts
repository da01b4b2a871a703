// Every example request and response in the Synerise reference that the adapter sends or reads,
// copied verbatim into test/fixtures/vendor-docs/synerise/ (README there: file → doc line), read
// with the adapter's own wire schemas and mappers. Each must give the domain object the doc implies;
// a doc example the adapter cannot read fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CustomerInput } from '../../src/sources/customers.js';
import { loginBody } from '../../src/vendors/synerise/auth.js';
import { catalogItemBody, eventsByIdBody } from '../../src/vendors/synerise/client.js';
import {
  customEventBody,
  parseActivityVendorId,
  profileBody,
  toActivity,
  toCatalog,
  toCatalogItem,
  toCrmCustomer,
  toCustomer,
} from '../../src/vendors/synerise/map.js';
import {
  Accepted,
  ActivityPage,
  CrmCustomers,
  catalogEnvelope,
  describeSyneriseError,
  LoginResponse,
  ProfileList,
  rejectedPositions,
  WireActivity,
  WireCatalog,
  WireCatalogItem,
  WireProfile,
} from '../../src/vendors/synerise/wire.js';

const Fixture = z.object({
  _source: z.string().regex(/^synerise-api-reference\.txt line \d+: /),
  _repaired: z.string(),
  example: z.unknown(),
});

function example(name: string): unknown {
  const text = readFileSync(new URL(`../fixtures/vendor-docs/synerise/${name}.json`, import.meta.url), 'utf8');
  return Fixture.parse(JSON.parse(text)).example;
}

const record = (v: unknown): Record<string, unknown> => z.record(z.string(), z.unknown()).parse(v);

/** The doc's example profile: its placeholder values, as every v4 read example shows them. */
const DOC_PROFILE = {
  vendor: 'SYNERISE',
  vendorId: '0',
  email: 'string',
  phone: '+48111222333',
  customId: 'string',
  firstName: 'string',
  lastName: 'string',
  createdAt: null,
  updatedAt: null,
};

describe('Synerise doc examples: auth', () => {
  it('login: the body is the documented one and the answer gives the token', () => {
    const req = record(example('auth-login-request'));
    expect(loginBody(String(req.apiKey))).toEqual(req);
    expect(LoginResponse.parse(example('auth-login-response')).token).toBe('string');
  });
});

describe('Synerise doc examples: v4 profiles', () => {
  it.each(['profile-get-response', 'profile-get-by-identifier-response'])('%s maps to the profile with every other field kept', (name) => {
    const customer = toCustomer(WireProfile.parse(example(name)));
    expect(customer).toMatchObject(DOC_PROFILE);
    expect(customer.attributes).toMatchObject({
      uuid: '07243772-008a-42e1-ba37-c3807cebde8f',
      displayName: 'string',
      countryCode: 'PL',
      birthDate: '1987-10-24',
      sex: 'FEMALE',
      anonymous: false,
      agreements: { email: false, sms: false },
      attributes: { property1: null, property2: null },
      tags: ['string'],
      previousClients: [0],
      lastActivityDate: '2019-03-19T14:05:39Z',
    });
    expect(customer.attributes).not.toHaveProperty('clientId');
  });

  it('the list is a bare array of the same profiles', () => {
    const list = ProfileList.parse(example('profile-list-response')).map(toCustomer);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject(DOC_PROFILE);
  });

  /** A domain input carrying exactly what the doc's write example carries. */
  const inputFrom = (body: Record<string, unknown>): CustomerInput => {
    const { email, firstName, lastName, phone, customId, ...attributes } = body;
    return {
      email: email as string,
      firstName: firstName as string,
      lastName: lastName as string,
      phone: phone as string,
      customId: customId as string,
      attributes,
    };
  };

  it('update: the body built from the same values is the documented one, nulls included', () => {
    const doc = record(example('profile-update-request'));
    expect(profileBody(inputFrom(doc), 'update')).toEqual(doc);
  });

  it('create: the body is the documented one without nulls ("omit the parameter entirely")', () => {
    const doc = record(example('profile-create-request'));
    expect(profileBody(inputFrom(doc), 'create')).toEqual({ ...doc, attributes: {} });
  });

  it('batch: each item sent has only fields of the documented item', () => {
    const [item] = z.array(z.record(z.string(), z.unknown())).parse(example('profile-batch-request'));
    const body = profileBody(inputFrom(record(item)), 'create');
    expect(Object.keys(body).every((k) => k in record(item))).toBe(true);
    // clientId is read-only on the gateway's side: creates never carry it.
    expect(body).not.toHaveProperty('clientId');
  });

  it('errors: the batch refusal names its item, the validation and version errors read as their messages', () => {
    const batch = example('profile-batch-error-response');
    expect([...rejectedPositions(batch)]).toEqual([[0, ['uuid: UUID must be well-formed value as per RFC 4122']]]);
    expect(describeSyneriseError(example('profile-update-error-response'))).toBe(
      'Some fields did not pass validation: uuid: UUID must be well-formed value as per RFC 4122',
    );
    expect(describeSyneriseError(example('version-error-response'))).toBe('Version header content is invalid');
  });
});

describe('Synerise doc examples: events and activities', () => {
  it('a custom event sent has only documented fields, with the time as ISO 8601', () => {
    const doc = record(example('event-custom-request'));
    const body = customEventBody({ type: String(doc.action), occurredAt: new Date(String(doc.time)), attributes: { shop: 'web' } }, '0');
    expect(Object.keys(body).every((k) => k in doc)).toBe(true);
    expect(Object.keys(record(body.client)).every((k) => k in record(doc.client))).toBe(true);
    expect(body).toMatchObject({ action: 'context.action', client: { id: 0 }, params: { shop: 'web' } });
    expect(Date.parse(String(body.time))).toBe(Date.parse(String(doc.time)));
  });

  it('a batched event has only fields of the documented batch item', () => {
    const [doc] = z.array(z.record(z.string(), z.unknown())).parse(example('event-batch-request'));
    const body = { type: 'custom', ...customEventBody({ type: 'context.action' }, '0') };
    expect(Object.keys(body).every((k) => k in record(doc))).toBe(true);
  });

  it('the events request carries documented keys only, every value a string as the doc shows', () => {
    const doc = record(example('activities-by-identifier-request'));
    const docData = record(doc.additionalData);
    const body = eventsByIdBody('string', {
      limit: 50,
      sortBy: 'time:desc',
      pageToken: 'string',
      dateFrom: Number(docData.dateFrom),
      dateTo: Number(docData.dateTo),
    });
    const { actions: _notSent, ...expected } = docData;
    expect(body).toEqual({ identifierValue: 'string', additionalData: expected });
  });

  it('the event storage shape maps: type from action.name, occurredAt from time, the client from client.id', () => {
    const page = ActivityPage.parse(example('activities-by-identifier-response'));
    expect(page.meta?.cursors?.after).toBe('string');
    const [wire] = page.data;
    if (!wire) throw new Error('the doc example has one activity');
    const activity = toActivity(wire, '434428563');
    expect(activity).toMatchObject({
      vendor: 'SYNERISE',
      vendorId: '0:1667563770404:1245924049',
      customerVendorId: '0',
      type: 'page.visit',
      occurredAt: new Date(1667563770404),
    });
    expect(activity.attributes).toMatchObject({ eventUUID: '482af443-7f6f-4b80-b4ac-a7db5a2f543a', label: 'string', icon: 'string' });
  });

  it('the raw shape maps: type from the action string, occurredAt from createDate, params as attributes', () => {
    const activity = toActivity(WireActivity.parse(example('activity-single-raw-response')), '434428563');
    expect(activity).toMatchObject({
      vendorId: '434428563:1667563770404:1245924049',
      customerVendorId: '434428563',
      type: 'page.visit',
      occurredAt: new Date(1667563770404),
    });
    expect(activity.attributes).toEqual({
      eventCreateTime: 1667563770.404,
      ip: 'string',
      property1: null,
      property2: null,
      eventUUID: '482af443-7f6f-4b80-b4ac-a7db5a2f543a',
      unique: '1245924049',
      label: 'string',
    });
  });

  it('an activity id carries the time and unique the single-activity read is keyed by', () => {
    const doc = record(record(example('activity-single-request')).additionalData);
    const activity = toActivity(WireActivity.parse(example('activity-single-raw-response')), '434428563');
    expect(parseActivityVendorId(activity.vendorId)).toEqual({ clientId: '434428563', time: Number(doc.time), unique: doc.unique });
  });

  it('an activity with neither time nor createDate is refused, naming the field', () => {
    const raw = record(example('activity-single-raw-response'));
    const { createDate: _dropped, ...withoutInstant } = raw;
    const parsed = WireActivity.safeParse(withoutInstant);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/time.*createDate/);
  });
});

describe('Synerise doc examples: catalogs', () => {
  const CATALOG = { vendor: 'SYNERISE', vendorId: '0', name: 'string' };

  it('the catalog list and one catalog map, with the total from metaData', () => {
    const list = catalogEnvelope(z.array(WireCatalog)).parse(example('catalogs-list-response'));
    expect(list.metaData.totalCount).toBe(0);
    expect(list.data.map(toCatalog)).toEqual([
      {
        ...CATALOG,
        attributes: { businessProfileId: 0, author: 'string', lastModified: '2019-08-24T14:15:22Z', creationDate: '2019-08-24T14:15:22Z' },
      },
    ]);
    expect(toCatalog(catalogEnvelope(WireCatalog).parse(example('catalog-get-response')).data)).toMatchObject(CATALOG);
  });

  it('items map with their JSON-string value parsed back into the object', () => {
    const ITEM = { vendor: 'SYNERISE', vendorId: '0:string', catalogVendorId: '0', key: 'string', value: { Name: 'John', Surname: 'Doe' } };
    const [listed] = catalogEnvelope(z.array(WireCatalogItem)).parse(example('catalog-items-list-response')).data;
    if (!listed) throw new Error('the doc example has one item');
    expect(toCatalogItem(listed, '1199')).toMatchObject(ITEM);
    const one = catalogEnvelope(WireCatalogItem).parse(example('catalog-item-get-response')).data;
    expect(toCatalogItem(one, '1199')).toMatchObject({ ...ITEM, attributes: { id: '0', creationDate: 'string' } });
  });

  it('the add body is the documented one, and the add and delete answers are accepted', () => {
    const doc = record(example('catalog-item-add-request'));
    expect(catalogItemBody(String(doc.itemKey), record(doc.value))).toEqual(doc);
    expect(Accepted.parse(example('catalog-item-add-response'))).toBe(true);
    expect(record(Accepted.parse(example('catalog-item-delete-response'))).data).toBe(true);
  });
});

describe('Synerise doc examples: segmentation members', () => {
  it('CRM profiles map with their own spelling, and matching is the count', () => {
    const res = CrmCustomers.parse(example('segmentation-clients-response'));
    expect(res.matching).toBe(0);
    const [member] = res.customers.map(toCrmCustomer);
    expect(member).toMatchObject({
      vendor: 'SYNERISE',
      vendorId: '0',
      email: 'string',
      firstName: 'string',
      lastName: 'string',
      phone: 'string',
      customId: 'string',
      createdAt: new Date('2019-08-24'),
      updatedAt: new Date('2019-08-24'),
    });
    expect(member?.attributes).toMatchObject({
      uuid: '07243772-008a-42e1-ba37-c3807cebde8f',
      sex: 'FEMALE',
      last_activity_date: '2019-08-24',
    });
  });
});
