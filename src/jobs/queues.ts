// Queue names and their retry policy. Kept apart from the runtime so `pulse notifications` can
// read the dead letters without starting workers.

export const QUEUES = {
  /** Every few minutes: builds the digests due in each subscriber's own time zone. */
  digests: 'pulse-digests',
  /** Daily: the certification expiry sweep. */
  certSweep: 'pulse-cert-sweep',
  /** Daily: deletes audit_log rows older than PULSE_AUDIT_RETENTION_DAYS. */
  auditRetention: 'pulse-audit-retention',
  /** Jobs that used up their retries land here, visible in `pulse notifications --failed`. */
  deadLetter: 'pulse-dead-letter',
} as const;

/** pg-boss's tables live in this schema of the application's own database. */
export const BOSS_SCHEMA = 'pgboss';

/** Retries with exponential backoff (30 s, 60 s, 120 s, …), then the dead-letter queue. */
export const RETRY_POLICY = { retryLimit: 5, retryDelay: 30, retryBackoff: true, deadLetter: QUEUES.deadLetter } as const;

/** The digest tick and the sweep's time, in UTC; each subscription's own zone is applied by the tick. */
export const DIGEST_TICK_CRON = '*/5 * * * *';
export const CERT_SWEEP_CRON = '0 6 * * *';
export const AUDIT_RETENTION_CRON = '30 3 * * *';
