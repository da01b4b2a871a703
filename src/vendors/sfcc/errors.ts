// OCAPI fault documents → the gateway's typed errors, so a client reads which input was wrong
// instead of an exception class name.
import { badUserInput, type GatewayError, NotFoundError, UpstreamError, ValidationError } from '../../errors.js';
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

function invalid(field: string, message: string, write: boolean): GatewayError {
  return write ? new ValidationError([{ field, message }], { vendor: 'SFCC' }) : badUserInput(field, message);
}

/** Rethrows a vendor fault as the matching domain error; anything else unchanged. */
export function fromFault(error: unknown, context: FaultContext = {}): never {
  if (!(error instanceof UpstreamError)) throw error;
  const fault = faultOf(error.body);
  const message = fault?.message ?? error.message;
  const args = fault?.arguments ?? {};
  const write = context.write ?? false;
  const item = context.item;
  switch (fault?.type) {
    case 'SiteNotFoundException': {
      const id = String(args.siteId ?? item?.owner ?? '');
      throw new NotFoundError(`Site ${id} not found at SFCC`, { vendor: 'SFCC', id });
    }
    case 'CustomObjectNotFoundException': {
      const id = item ? `${item.owner}:${item.objectType}:${item.key}` : String(args.key ?? '');
      throw new NotFoundError(`CustomItem ${id} not found at SFCC`, { vendor: 'SFCC', id });
    }
    case 'ObjectTypeNotFoundException':
      if (write) throw invalid('objectType', message, true);
      throw new NotFoundError(message, { vendor: 'SFCC', id: String(args.objectType ?? '') });
    case 'MalformedKeyParameterException':
      throw invalid('key', message, write);
    case 'InvalidCustomPropertyException':
      throw invalid(`${context.attributesField ?? 'attributes'}.${String(args.property ?? '')}`, message, write);
    case 'CustomPreferenceGroupNotFoundException':
      throw new NotFoundError(message, { vendor: 'SFCC', id: String(args.preferenceGroupId ?? '') });
    case 'InvalidCartridgePathException':
    case 'InvalidCartridgeException':
    case 'CartridgeAlreadyExistException':
    case 'InvalidOperationException':
      throw invalid(context.fields?.[fault.type] ?? 'name', message, write);
    default:
      throw error;
  }
}
