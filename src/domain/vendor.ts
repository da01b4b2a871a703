export const VENDORS = ['PIMCORE', 'SYNERISE', 'MAUTIC', 'SFCC', 'BLOOMREACH'] as const;
export type Vendor = (typeof VENDORS)[number];

export function isVendor(value: string): value is Vendor {
  return (VENDORS as readonly string[]).includes(value);
}
