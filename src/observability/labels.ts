// Prometheus keeps one series per distinct label value, forever. Values a client chooses (operation
// names) are therefore admitted up to a cap and folded into "other" after it, so a client sending a
// fresh operation name with every request cannot grow the gateway's memory or the scraper's.
export const OTHER = 'other';
export const ANONYMOUS = 'anonymous';

// GraphQL names are /[_A-Za-z][_0-9A-Za-z]*/; anything else never reaches a label.
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly cap: number) {}

  /** `value` while fewer than `cap` distinct values were admitted (or it is one of them), else "other". */
  of(value: string | undefined): string {
    if (!value) return ANONYMOUS;
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.cap || !NAME.test(value)) return OTHER;
    this.seen.add(value);
    return value;
  }
}
