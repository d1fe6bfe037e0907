// A chat server under a burst must keep acknowledging at once and keep its memory bounded: only
// so many turns are worked at a time, the rest wait in line, and past a limit a person is told to
// ask again instead of the process queueing without end. A turn that waited too long is told so
// when its wait runs out, not answered half a minute late. On shutdown the line is refused, turns
// being worked get a grace period, and those it cannot finish are told to ask again.

/** 'busy': the line is full or the wait ran out; 'closing': the process is shutting down. */
export type Refusal = 'busy' | 'closing';

export type Gated<T> = { ok: true; value: T } | { ok: false; reason: Refusal };

export interface DrainOutcome {
  /** Turns that finished within the grace period. */
  finished: number;
  /** Turns still being worked when it ran out (their askers were told to ask again). */
  cut: number;
  /** Turns waiting for a place, refused at once. */
  refused: number;
}

export interface TurnGate {
  /**
   * Works `fn` when a place is free. Its signal aborts when shutdown's grace runs out: a turn
   * whose answer arrives after that must not deliver it (the asker was told to ask again).
   */
  run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<Gated<T>>;
  /** Turns being worked now. */
  readonly active: number;
  /** Turns waiting for a place. */
  readonly waiting: number;
  /** True once `close` was called. */
  readonly closing: boolean;
  /** Refuses new and waiting turns, and gives those being worked `graceMs` to finish. */
  close(graceMs: number): Promise<DrainOutcome>;
}

export const BUSY_TEXT = "I'm answering a lot of questions right now; please ask again in a minute.";
export const CLOSING_TEXT = "I'm restarting and couldn't finish that; please ask again in a moment.";

/** The log line of a refusal. */
export const REFUSAL_LOG: Record<Refusal, string> = { busy: 'turn refused: too many waiting', closing: 'turn refused: shutting down' };

/** The sentence a person is sent for a refusal. */
export const refusalText = (reason: Refusal): string => (reason === 'closing' ? CLOSING_TEXT : BUSY_TEXT);

interface Waiter {
  /** Hands the waiter a place (the count of active turns already includes it) or refuses it. */
  settle: (verdict: 'go' | Refusal) => void;
}

/**
 * `concurrency` turns at once, `maxWaiting` in line, each waiting at most `maxWaitMs` (unbounded
 * when omitted).
 */
export function createTurnGate(concurrency: number, maxWaiting: number, maxWaitMs = Number.POSITIVE_INFINITY): TurnGate {
  const places = Math.max(1, concurrency);
  let active = 0;
  let closing = false;
  const line: Waiter[] = [];
  /** Ends every turn in flight early with 'closing' (called when the grace runs out). */
  const cutters = new Set<() => void>();
  const graceOver = new AbortController();
  let onIdle: (() => void) | undefined;

  const release = () => {
    const next = line.shift();
    if (next) return next.settle('go');
    active--;
    if (active === 0) onIdle?.();
  };

  const waitForPlace = () =>
    new Promise<'go' | Refusal>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        settle: (verdict) => {
          if (timer) clearTimeout(timer);
          resolve(verdict);
        },
      };
      if (Number.isFinite(maxWaitMs)) {
        timer = setTimeout(() => {
          const at = line.indexOf(waiter);
          if (at >= 0) line.splice(at, 1);
          resolve('busy');
        }, maxWaitMs);
      }
      line.push(waiter);
    });

  const work = <T>(fn: (signal: AbortSignal) => Promise<T>): Promise<Gated<T>> =>
    new Promise<Gated<T>>((resolve, reject) => {
      const cut = () => resolve({ ok: false, reason: 'closing' });
      cutters.add(cut);
      // A rejection is the caller's to handle, as if it had called fn itself.
      Promise.resolve()
        .then(() => fn(graceOver.signal))
        .then((value) => resolve({ ok: true, value }), reject)
        .finally(() => {
          cutters.delete(cut);
          release();
        });
    });

  return {
    async run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<Gated<T>> {
      if (closing) return { ok: false, reason: 'closing' };
      if (active < places) {
        active++;
        return work(fn);
      }
      if (line.length >= maxWaiting) return { ok: false, reason: 'busy' };
      const verdict = await waitForPlace();
      if (verdict !== 'go') return { ok: false, reason: verdict };
      return work(fn);
    },
    get active() {
      return active;
    },
    get waiting() {
      return line.length;
    },
    get closing() {
      return closing;
    },
    async close(graceMs: number): Promise<DrainOutcome> {
      closing = true;
      const waiting = line.splice(0);
      for (const w of waiting) w.settle('closing');
      const started = active;
      if (active > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const cut = active;
      if (cut > 0) {
        graceOver.abort();
        for (const c of [...cutters]) c();
      }
      return { finished: started - cut, cut, refused: waiting.length };
    },
  };
}
