// The sandboxes demo mode starts, one line per vendor (the vendors themselves: `vendors/vendor-list.ts`).
import { bloomreachDemo } from './bloomreach/demo.js';
import { mauticDemo } from './mautic/demo.js';
import { pimcoreDemo } from './pimcore/demo.js';
import { sfccDemo } from './sfcc/demo.js';
import { syneriseDemo } from './synerise/demo.js';

export const SANDBOX_DEMOS = [pimcoreDemo, syneriseDemo, mauticDemo, sfccDemo, bloomreachDemo] as const;
