import type { PulseMetrics } from '../ops/metrics.ts';

// /metrics is served by the main thread from its own registry; a worker's answers must count
// there. The worker sends the calls that record a turn; the main thread makes them on its
// registry. Gauges read on scrape (pool, outbox, replica) stay with whoever owns them.

/** The per-turn counters that happen inside an answer. */
export const FORWARDED_METRICS: ReadonlySet<string> = new Set(['answered', 'replicaFallback', 'delivered', 'deliveryFailed']);

/** `metrics` with the forwarded calls sent to `send` instead of counted here. */
export function forwardingMetrics(metrics: PulseMetrics, send: (name: string, args: unknown[]) => void): PulseMetrics {
  return new Proxy(metrics, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof value !== 'function' || !FORWARDED_METRICS.has(key)) return value;
      return (...args: unknown[]) => send(key, args);
    },
  });
}

/** Makes a call a worker forwarded; an unknown name is ignored (a newer worker, an older main). */
export function replayMetric(metrics: PulseMetrics, name: string, args: unknown[]): void {
  if (!FORWARDED_METRICS.has(name)) return;
  const fn: unknown = Reflect.get(metrics, name);
  if (typeof fn === 'function') Reflect.apply(fn, metrics, args);
}
