// Helpers shared by the Synerise end-to-end tests.
import { globalId } from '../../src/ids.js';
import { SEED_FIRST_CLIENT_ID } from '../../src/sandbox/synerise/index.js';

export const LOGIN_ROUTE = 'POST /uauth/v2/auth/login/profile';
export const PROFILE_ROUTE = 'GET /v4/clients/{clientId}';
export const PROFILE_LOOKUP_ROUTE = 'GET /v4/clients/{identifierType}/{identifierValue}';
export const EVENTS_ROUTE = 'POST /activities-api/events/by/{identifierType}';

/** Global Customer ID of seeded person `index` (or of a raw clientId when given as a string). */
export function syneriseCustomerId(indexOrClientId: number | string): string {
  const clientId = typeof indexOrClientId === 'number' ? SEED_FIRST_CLIENT_ID + indexOrClientId : indexOrClientId;
  return globalId('Customer', 'SYNERISE', String(clientId));
}
