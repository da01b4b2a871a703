// Cross-vendor joins read `customId` from one field of the tenant's customer class. A wrong field
// name would not fail anything: every Pimcore customer would simply have no customId and joins
// would come back empty. So every listing is watched once: if the first customers seen all lack
// the field, one warning goes to the log and the health message keeps saying so.

export class CustomerIdFieldCheck {
  private confirmed = false;
  private missing: string | undefined;

  constructor(
    private readonly field: string,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** Looks at one listing of wire customers (extra keys kept); decides on the first non-empty one. */
  observe(customers: readonly Record<string, unknown>[]): void {
    if (this.confirmed || this.missing !== undefined || customers.length === 0) return;
    // Pimcore hydrates every field of the class, empty ones as null, so the key itself tells
    // whether the class has the field (assumed; see README assumptions).
    if (customers.some((c) => this.field in c)) {
      this.confirmed = true;
      return;
    }
    this.missing =
      `PIMCORE customers have no field "${this.field}": customId is null for every Pimcore customer and ` +
      'cross-vendor joins by customId find none; set PIMCORE_CUSTOMER_ID_FIELD to the customer class field holding the customer number';
    this.warn(`[cdp-gateway] warning: ${this.missing}`);
  }

  /** The warning, while the field is known to be missing. */
  get warning(): string | undefined {
    return this.missing;
  }
}
