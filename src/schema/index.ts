// Imports every type module (each registers itself on the builder) and builds the schema once.
import { builder } from '../builder.js';
import './vendor-enum.js';
import './vendor-info.js';
import './errors.js';
import './customer.js';
import './activity.js';
import './segment.js';
import './identity.js';
import './deletion.js';
import './custom-item.js';
import './site.js';
import './catalog.js';
import './mutations/customer.js';
import './mutations/activity.js';
import './mutations/segment.js';
import './mutations/catalog.js';
import './mutations/batch.js';
import './mutations/custom-item.js';
import './mutations/site.js';

export const schema = builder.toSchema({ sortSchema: true });
