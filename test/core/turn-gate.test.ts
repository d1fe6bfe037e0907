import { describe, expect, it } from 'vitest';
import { CLOSING_TEXT, createTurnGate, refusalText, BUSY_TEXT } from '../../src/core/turn-gate.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A turn that runs until released, recording whether its cut signal had fired by then. */
function heldTurn() {
  let release: (v: string) => void = () => {};
  let signal: AbortSignal | undefined;
  const fn = (s: AbortSignal) => {
    signal = s;
    return new Promise<string>((r) => (release = r));
  };
  return { fn, release: (v = 'done') => release(v), cutSeen: () => signal?.aborted };
}

describe('turn gate: waiting too long', () => {
  it('a turn that waited past maxWaitMs is told busy when its wait runs out, and never runs', async () => {
    const gate = createTurnGate(1, 10, 50);
    const first = heldTurn();
    const running = gate.run(first.fn);
    let ran = false;
    const started = Date.now();
    const late = await gate.run(async () => {
      ran = true;
      return 'late';
    });
    const waited = Date.now() - started;
    expect(late).toEqual({ ok: false, reason: 'busy' });
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(1000);
    expect(gate.waiting).toBe(0);
    first.release();
    expect(await running).toEqual({ ok: true, value: 'done' });
    expect(ran).toBe(false);
    expect(gate.active).toBe(0);
  });

  it('a turn that got its place in time runs', async () => {
    const gate = createTurnGate(1, 10, 1000);
    const first = heldTurn();
    const a = gate.run(first.fn);
    const b = gate.run(async () => 'second');
    await sleep(10);
    first.release();
    expect(await Promise.all([a, b])).toEqual([
      { ok: true, value: 'done' },
      { ok: true, value: 'second' },
    ]);
  });

  it('an error thrown by a turn reaches its caller and frees the place', async () => {
    const gate = createTurnGate(1, 1);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.active).toBe(0);
    expect(await gate.run(async () => 'next')).toEqual({ ok: true, value: 'next' });
  });
});

describe('turn gate: closing', () => {
  it('finishes turns within the grace, refuses the waiting and the new ones', async () => {
    const gate = createTurnGate(1, 5);
    const first = heldTurn();
    const a = gate.run(first.fn);
    const waiting = gate.run(async () => 'never');
    await sleep(5);
    const closed = gate.close(1000);
    expect(gate.closing).toBe(true);
    expect(await waiting).toEqual({ ok: false, reason: 'closing' });
    expect(await gate.run(async () => 'new')).toEqual({ ok: false, reason: 'closing' });
    await sleep(20);
    first.release('finished in time');
    expect(await a).toEqual({ ok: true, value: 'finished in time' });
    expect(await closed).toEqual({ finished: 1, cut: 0, refused: 1 });
    expect(first.cutSeen()).toBe(false);
  });

  it('a turn still working when the grace runs out is cut: its caller hears closing and its signal aborts', async () => {
    const gate = createTurnGate(2, 5);
    const slow = heldTurn();
    const quick = heldTurn();
    const a = gate.run(slow.fn);
    const b = gate.run(quick.fn);
    await sleep(5);
    const closed = gate.close(60);
    quick.release();
    const started = Date.now();
    expect(await a).toEqual({ ok: false, reason: 'closing' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(await b).toEqual({ ok: true, value: 'done' });
    expect(await closed).toEqual({ finished: 1, cut: 1, refused: 0 });
    expect(slow.cutSeen()).toBe(true);
  });

  it('with nothing in flight, closing returns at once', async () => {
    const gate = createTurnGate(1, 1);
    const started = Date.now();
    expect(await gate.close(5000)).toEqual({ finished: 0, cut: 0, refused: 0 });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('each refusal has its own sentence', () => {
    expect(refusalText('busy')).toBe(BUSY_TEXT);
    expect(refusalText('closing')).toBe(CLOSING_TEXT);
    expect(CLOSING_TEXT).toMatch(/ask again/);
  });
});
