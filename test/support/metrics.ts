// Reads one series of a gateway's metrics, for exact assertions.
import type { GatewayMetrics } from '../../src/observability/metrics.js';

/**
 * The value of metric `name` summed over the series whose labels include `labels`. For a histogram,
 * `series` picks `count` or `sum` (its `_count`/`_sum` lines).
 */
export async function metricValue(
  metrics: GatewayMetrics,
  name: string,
  labels: Record<string, string> = {},
  series?: 'count' | 'sum',
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = series ? `${name}_${series}` : undefined;
  return values
    .filter((v) => (wanted ? (v as { metricName?: string }).metricName === wanted : true))
    .filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))
    .reduce((total, v) => total + v.value, 0);
}
