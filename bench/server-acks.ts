// The server's own view of its acknowledgements: pulse_chat_ack_duration_seconds from /metrics,
// from the request reaching the route to the response finished, and how late its event loop ran
// (a request waits that long before it reaches the route). Beside the load generator's figure it
// tells a slow server from a starved load generator (both share the machine).

export interface ServerAcks {
  n: number;
  /** Upper bound (ms) of the histogram bucket the quantile falls in; Infinity past the last bucket. */
  p50UpToMs: number;
  p99UpToMs: number;
  /** The main thread's event-loop delay, p99, since it started (ms); absent when not exposed. */
  loopDelayP99Ms?: number;
}

/** Reads the `platform` ack histogram out of a Prometheus text exposition; undefined when absent. */
export function serverAcks(metricsText: string, platform = 'slack'): ServerAcks | undefined {
  const buckets: { le: number; count: number }[] = [];
  const line = /^pulse_chat_ack_duration_seconds_bucket\{([^}]*)\}\s+(\d+(?:\.\d+)?)/;
  for (const raw of metricsText.split('\n')) {
    const m = line.exec(raw);
    if (!m || !(m[1] ?? '').includes(`platform="${platform}"`)) continue;
    const le = /le="([^"]+)"/.exec(m[1] ?? '')?.[1];
    if (le === undefined) continue;
    buckets.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le) * 1000, count: Number(m[2]) });
  }
  if (buckets.length === 0) return undefined;
  buckets.sort((a, b) => a.le - b.le);
  const n = buckets[buckets.length - 1]?.count ?? 0;
  const upTo = (q: number) => buckets.find((b) => b.count >= q * n)?.le ?? Number.POSITIVE_INFINITY;
  const lag = /^nodejs_eventloop_lag_p99_seconds\s+(\d+(?:\.\d+)?(?:e[-+]?\d+)?)/m.exec(metricsText);
  return { n, p50UpToMs: upTo(0.5), p99UpToMs: upTo(0.99), ...(lag ? { loopDelayP99Ms: Number(lag[1]) * 1000 } : {}) };
}
