import pLimit from 'p-limit';

// A chat server under a burst must keep acknowledging at once and keep its memory bounded: only
// so many turns are worked at a time, the rest wait in line, and past a limit a person is told to
// ask again instead of the process queueing without end.

export type Gated<T> = { ok: true; value: T } | { ok: false; reason: 'busy' };

export interface TurnGate {
  run<T>(fn: () => Promise<T>): Promise<Gated<T>>;
  /** Turns being worked now. */
  readonly active: number;
  /** Turns waiting for a place. */
  readonly waiting: number;
}

export const BUSY_TEXT = "I'm answering a lot of questions right now; please ask again in a minute.";

export function createTurnGate(concurrency: number, maxWaiting: number): TurnGate {
  const limit = pLimit(Math.max(1, concurrency));
  return {
    async run<T>(fn: () => Promise<T>): Promise<Gated<T>> {
      if (limit.activeCount >= limit.concurrency && limit.pendingCount >= maxWaiting) return { ok: false, reason: 'busy' };
      return { ok: true, value: await limit(fn) };
    },
    get active() {
      return limit.activeCount;
    },
    get waiting() {
      return limit.pendingCount;
    },
  };
}
