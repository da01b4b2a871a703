// Imports every type module (each registers itself on the builder) and builds the schema once.
import { builder } from '../builder.js';
import './vendor-enum.js';
import './vendor-info.js';
import './errors.js';
import './customer.js';
import './activity.js';
import './segment.js';
import './deletion.js';
import './mutations/customer.js';
import './mutations/activity.js';
import './mutations/segment.js';

export const schema = builder.toSchema({ sortSchema: true });
