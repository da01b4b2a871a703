import type { ObjectRef } from '@pothos/core';
import { builder, type GatewaySchemaTypes } from '../builder.js';
import type { WriteOutcome, WriteStatus } from '../domain/model.js';

export const WriteStatusEnum = builder.enumType('WriteStatus', {
  values: {
    APPLIED: { description: 'The vendor wrote it; the returned object is current.' },
    QUEUED: { description: 'The vendor accepted it for asynchronous processing; it may not be visible yet.' },
  } as const,
});

export interface DeletePayloadShape {
  deletedId: string;
  status: WriteStatus;
}

export const DeletePayloadRef = builder.objectRef<DeletePayloadShape>('DeletePayload').implement({
  fields: (t) => ({
    deletedId: t.exposeID('deletedId'),
    status: t.field({ type: WriteStatusEnum, resolve: (p) => p.status }),
  }),
});

/** `{ status, <field> }` over a WriteOutcome; the object is null when the write was only queued. */
export function outcomePayload<T extends object>(name: string, field: string, ref: ObjectRef<GatewaySchemaTypes, T>) {
  return builder.objectRef<WriteOutcome<T>>(name).implement({
    fields: (t) => ({
      status: t.field({ type: WriteStatusEnum, resolve: (p) => p.status }),
      // Pothos cannot relate a generic T to the ref's shape; the ref is typed with the same T.
      [field]: t.field({ type: ref, nullable: true, resolve: (p) => p.record as never }),
    }),
  });
}
