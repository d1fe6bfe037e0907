/** Why a query on the replica was handed to the primary. */
export type ReplicaFailure =
  /** The replica did not answer (refused, reset, shut down, timed out): it is treated as down. */
  | 'down'
  /** The standby cancelled the query to go on replaying (a recovery conflict); the replica itself is fine. */
  | 'conflict';

// Network errors of node, and SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server
// is shutting down or not yet accepting connections).
const DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
// node-postgres reports a dropped socket or a full pool's wait by message only.
const DOWN_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i;

/**
 * Whether an error from the replica means the same read should be retried on the primary, and
 * why; undefined for an error the primary would give too (bad SQL, a constraint), which is thrown.
 */
export function replicaFailure(e: unknown): ReplicaFailure | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (DOWN_CODES.has(code) || code.startsWith('08')) return 'down';
    // Reads never run serializable, so on a standby 40001 is "canceling statement due to conflict with recovery".
    if (code === '40001') return 'conflict';
  }
  return DOWN_MESSAGES.test(e.message) ? 'down' : undefined;
}
