// Where the gauges of a gateway read their values: its own stores, found through its sources.
import type { SourceRegistry } from '../sources/registry.js';
import type { BloomreachAdapter } from '../vendors/bloomreach/adapter.js';
import type { PimcoreAdapter } from '../vendors/pimcore/adapter.js';

/** Snapshot count (kept and filling) and bytes of this gateway's Bloomreach adapter; zero without one. */
export function snapshotReading(sources: SourceRegistry): () => { count: number; bytes: number } {
  return () => {
    if (!sources.vendors.includes('BLOOMREACH')) return { count: 0, bytes: 0 };
    const adapter = sources.adapter('BLOOMREACH') as Partial<BloomreachAdapter>;
    const stats = adapter.snapshotStats?.();
    return stats ? { count: stats.snapshots + stats.filling, bytes: stats.approxBytes } : { count: 0, bytes: 0 };
  };
}

/** Bytes of this gateway's Pimcore customer index (PIMCORE_INDEX_MAX_BYTES); zero without Pimcore. */
export function pimcoreIndexReading(sources: SourceRegistry): () => number {
  return () => {
    if (!sources.vendors.includes('PIMCORE')) return 0;
    const adapter = sources.adapter('PIMCORE') as Partial<PimcoreAdapter>;
    return adapter.indexBytes?.() ?? 0;
  };
}
