// OCAPI fault documents → the gateway's typed errors, so a client reads which input was wrong
// instead of an exception class name. The fault types the 19.10 Sites doc lists (with their
// statuses) are mapped first; anything else keeps the vendor's (scrubbed) message under the code
// its HTTP status implies, never a bare re-throw a client cannot read.
import { badUserInput, type GatewayError, NotFoundError, UpstreamError, ValidationError } from '../../errors.js';
import { codeForStatus } from '../../http/upstream-error.js';
import type { CustomItemRef } from '../../sources/custom-items.js';
import { faultOf } from './wire.js';

export interface FaultContext {
  /** Prefix of the input field holding custom attributes or preference values. */
  attributesField?: string;
  item?: CustomItemRef | undefined;
  /** Reads report bad input as BAD_USER_INPUT errors, writes as ValidationErrors. */
  write?: boolean;
  /** The input field a fault type is about, where the default guess does not fit. */
  fields?: Readonly<Record<string, string>>;
}

/**
 * Every fault type the Data API 19.10 Sites doc names, with the status it documents for it
 * (sfcc-ocapi-data-19.10-sites.txt, the "Faults" tables and samples).
 */
export const DOCUMENTED_FAULTS = {
  SecureCommunicationRequiredException: 403, // Get site sample, L168–179
  SiteNotFoundException: 404, // every site-scoped operation
  CQuotientException: 400, // Get recommenders, L390
  InvalidCartridgePathException: 400, // Overwrite cartridge path, L515
  InvalidOperationException: 400, // Add / remove cartridge, L617, L806
  CartridgeAlreadyExistException: 400, // Add cartridge, L622
  InvalidCartridgeException: 400, // Add cartridge, L627
  MalformedKeyParameterException: 400, // custom objects, L887
  CustomObjectNotFoundException: 404, // custom objects, L894
  ObjectTypeNotFoundException: 404, // custom objects L901, preferences PATCH L1672
  CustomPreferenceGroupNotFoundException: 404, // preferences, L1569
} as const satisfies Record<string, number>;

/** The doc's samples often leave `arguments` out; their messages quote the id: "No site with ID 'foobar' was found." */
const quotedId = (message: string): string | undefined => /\bID '([^']*)'/.exec(message)?.[1];

function invalid(field: string, message: string, write: boolean): GatewayError {
  return write ? new ValidationError([{ field, message }], { vendor: 'SFCC' }) : badUserInput(field, message);
}

/** Rethrows a vendor fault as the matching domain error; non-vendor errors unchanged. */
export function fromFault(error: unknown, context: FaultContext = {}): never {
  if (!(error instanceof UpstreamError)) throw error;
  const fault = faultOf(error.body);
  if (!fault) throw error;
  const message = fault.message ?? error.message;
  const args = fault.arguments;
  const write = context.write ?? false;
  const item = context.item;
  switch (fault.type) {
    case 'SecureCommunicationRequiredException':
      throw new UpstreamError('UPSTREAM_REJECTED', 'SFCC requires HTTPS: set SFCC_URL to the https:// address of the instance', {
        vendor: 'SFCC',
        httpStatus: error.httpStatus,
        vendorMessage: error.vendorMessage,
      });
    case 'SiteNotFoundException': {
      const id = String(args.siteId ?? item?.owner ?? quotedId(message) ?? '');
      throw new NotFoundError(`Site ${id} not found at SFCC`, { vendor: 'SFCC', id });
    }
    case 'CQuotientException':
      throw cquotient(error, args);
    case 'CustomObjectNotFoundException': {
      const id = item ? `${item.owner}:${item.objectType}:${item.key}` : String(args.key ?? '');
      throw new NotFoundError(`CustomItem ${id} not found at SFCC`, { vendor: 'SFCC', id });
    }
    case 'ObjectTypeNotFoundException':
      if (write && item) throw invalid('objectType', message, true);
      throw new NotFoundError(message, { vendor: 'SFCC', id: String(args.objectType ?? '') });
    case 'MalformedKeyParameterException':
      throw invalid('key', message, write);
    case 'CustomPreferenceGroupNotFoundException':
      throw new NotFoundError(message, { vendor: 'SFCC', id: String(args.preferenceGroupId ?? quotedId(message) ?? '') });
    case 'InvalidCartridgePathException':
    case 'InvalidCartridgeException':
    case 'CartridgeAlreadyExistException':
    case 'InvalidOperationException':
      throw invalid(context.fields?.[fault.type] ?? 'name', message, write);
    // Not in the 19.10 doc: the sandbox answers it for an unknown or ill-typed `c_` attribute
    // (real instances reject those too, under a type the doc does not name). Kept so the input
    // field is named when an instance does send it.
    case 'InvalidCustomPropertyException':
      throw invalid(`${context.attributesField ?? 'attributes'}.${String(args.property ?? '')}`, message, write);
    default:
      throw unknownFault(error, fault.type);
  }
}

/** Einstein (CQuotient) refused or failed: its own status decides whether retrying can help. */
function cquotient(error: UpstreamError, args: Record<string, unknown>): UpstreamError {
  const original = Number(args.originalStatusCode);
  const code = Number.isInteger(original) && original >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_REJECTED';
  return new UpstreamError(
    code,
    `SFCC Einstein recommenders answered ${Number.isInteger(original) ? original : 'an error'}: ${truncate(error.vendorMessage ?? 'no message')}`,
    {
      vendor: 'SFCC',
      httpStatus: error.httpStatus,
      retryable: code === 'UPSTREAM_UNAVAILABLE',
      vendorMessage: error.vendorMessage,
    },
  );
}

/** A fault type the doc does not list: the status decides the code, the vendor's words the message. */
function unknownFault(error: UpstreamError, type: string): UpstreamError {
  const status = error.httpStatus ?? 400;
  const code = codeForStatus(status);
  return new UpstreamError(code, `SFCC refused the request (${status}): ${truncate(error.vendorMessage ?? type)}`, {
    vendor: 'SFCC',
    httpStatus: status,
    retryable: error.retryable,
    vendorMessage: error.vendorMessage,
  });
}

const truncate = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
