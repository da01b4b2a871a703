// Counts events in a sliding window of one-second buckets: what the retry budget and the adaptive
// quota need to know about recent traffic, in constant memory per vendor.
export class WindowCounter {
  private readonly buckets: number[];
  private readonly stamps: number[];

  constructor(private readonly seconds: number) {
    this.buckets = new Array<number>(seconds).fill(0);
    this.stamps = new Array<number>(seconds).fill(-1);
  }

  add(now = Date.now(), amount = 1): void {
    const second = Math.floor(now / 1000);
    const i = second % this.seconds;
    if (this.stamps[i] !== second) {
      this.stamps[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i] = (this.buckets[i] ?? 0) + amount;
  }

  /** Events in the last `seconds` whole seconds, the current one included. */
  total(now = Date.now()): number {
    const second = Math.floor(now / 1000);
    let sum = 0;
    for (let i = 0; i < this.seconds; i += 1) {
      const stamp = this.stamps[i] ?? -1;
      if (stamp > second - this.seconds && stamp <= second) sum += this.buckets[i] ?? 0;
    }
    return sum;
  }
}
