import { builder } from '../builder.js';
import { VENDORS } from '../domain/vendor.js';

export const VendorEnum = builder.enumType('Vendor', {
  description: 'The customer-data vendors this gateway federates.',
  values: VENDORS,
});
