// The vendors this gateway can talk to, one line each. Configuration, adapter creation and the
// README configuration table iterate over this list (the demo sandboxes over `sandbox/demo-list.ts`).
import { bloomreachDescriptor } from './bloomreach/descriptor.js';
import { mauticDescriptor } from './mautic/descriptor.js';
import { pimcoreDescriptor } from './pimcore/descriptor.js';
import { sfccDescriptor } from './sfcc/descriptor.js';
import { syneriseDescriptor } from './synerise/descriptor.js';

export const VENDOR_DESCRIPTORS = [pimcoreDescriptor, syneriseDescriptor, mauticDescriptor, sfccDescriptor, bloomreachDescriptor] as const;

type Descriptor = (typeof VENDOR_DESCRIPTORS)[number];

/** `{ pimcore?: PimcoreConfig; synerise?: SyneriseConfig; … }`, keyed and typed by the descriptors. */
export type VendorConfigs = { [D in Descriptor as D['configKey']]?: Parameters<D['createAdapter']>[0] };
