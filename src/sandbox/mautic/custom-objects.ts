// The Custom Objects plugin's schema in this sandbox, and validation of field values by alias.
// `products` carries the fields of the doc's example payload (website, in-stock, multi, sku, color)
// so the documented request works verbatim, plus price and category.
import type { CustomFieldDef, CustomObjectDef, CustomValue } from './types.js';

export const CATEGORY_OPTIONS = ['electronics', 'apparel', 'home', 'books', 'toys', 'sports', 'beauty'] as const;
export const COLOR_OPTIONS = ['yellow', 'blue', 'red', 'green', 'black', 'white', 'brown'] as const;
export const ORDER_STATUS_OPTIONS = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;

export const CUSTOM_OBJECTS: readonly CustomObjectDef[] = [
  {
    id: 1,
    alias: 'products',
    nameSingular: 'Product',
    namePlural: 'Products',
    dateAdded: Date.UTC(2022, 10, 3, 9, 15, 0),
    fields: [
      { id: 1, alias: 'sku', label: 'SKU', type: 'text', required: true },
      { id: 2, alias: 'price', label: 'Price', type: 'int', required: false },
      { id: 3, alias: 'category', label: 'Category', type: 'select', required: false, options: CATEGORY_OPTIONS },
      { id: 4, alias: 'website', label: 'Website', type: 'url', required: false },
      { id: 5, alias: 'in-stock', label: 'In stock', type: 'int', required: false },
      { id: 6, alias: 'multi', label: 'Colours available', type: 'multiselect', required: false, options: COLOR_OPTIONS },
      { id: 7, alias: 'color', label: 'Colour', type: 'text', required: false },
    ],
  },
  {
    id: 2,
    alias: 'orders',
    nameSingular: 'Order',
    namePlural: 'Orders',
    dateAdded: Date.UTC(2022, 10, 20, 14, 40, 0),
    fields: [
      { id: 8, alias: 'order_number', label: 'Order number', type: 'text', required: true },
      { id: 9, alias: 'total', label: 'Total', type: 'int', required: false },
      { id: 10, alias: 'status', label: 'Status', type: 'select', required: false, options: ORDER_STATUS_OPTIONS },
      { id: 11, alias: 'placed_at', label: 'Placed at', type: 'date', required: false },
    ],
  },
];

/** Normalises a submitted value for a field, or returns the validation message. */
export function coerceCustomValue(field: CustomFieldDef, raw: unknown): { ok: true; value: CustomValue } | { ok: false; message: string } {
  if (raw === null || raw === '') return { ok: true, value: null };
  const bad = (why: string) => ({ ok: false as const, message: `Custom Field '${field.alias}': ${why}` });
  switch (field.type) {
    case 'text':
      if (typeof raw === 'string') return { ok: true, value: raw };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
      return bad('This value should be of type string.');
    case 'url':
      if (typeof raw === 'string' && /^https?:\/\/[^\s]+$/i.test(raw)) return { ok: true, value: raw };
      return bad('This value is not a valid URL.');
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (Number.isInteger(n)) return { ok: true, value: n };
      return bad('This value should be of type integer.');
    }
    case 'date':
      if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw))) return { ok: true, value: raw };
      return bad('This value is not a valid date (expected YYYY-MM-DD).');
    case 'select': {
      const options = field.options ?? [];
      if (typeof raw === 'string' && options.includes(raw)) return { ok: true, value: raw };
      return bad(`The value you selected is not a valid choice (one of: ${options.join(', ')}).`);
    }
    case 'multiselect': {
      const options = field.options ?? [];
      const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split('|') : null;
      if (list?.every((v): v is string => typeof v === 'string' && options.includes(v))) return { ok: true, value: [...list] };
      return bad(`One or more of the given values is invalid (allowed: ${options.join(', ')}).`);
    }
  }
}
