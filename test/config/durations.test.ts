import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

// Durations are given in seconds (people write "5" or "0.5") and kept as milliseconds.
describe('duration and replica settings', () => {
  it('defaults: 5 s queue wait, 10 s shutdown grace, 60 s replica lag, no replica', () => {
    const c = loadConfig({});
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.PULSE_MAX_QUEUE_WAIT).toBe(5000);
    expect(c.value.PULSE_SHUTDOWN_GRACE).toBe(10_000);
    expect(c.value.PULSE_MAX_REPLICA_LAG).toBe(60_000);
    expect(c.value.DATABASE_READ_URL).toBeUndefined();
    expect(c.value.PULSE_OUTBOX_LEASE).toBe(120_000);
  });

  it('fractions of a second are kept', () => {
    const c = loadConfig({ PULSE_MAX_QUEUE_WAIT: '0.25', PULSE_SHUTDOWN_GRACE: '0' });
    expect(c.ok && [c.value.PULSE_MAX_QUEUE_WAIT, c.value.PULSE_SHUTDOWN_GRACE]).toEqual([250, 0]);
  });

  it.each([
    ['PULSE_MAX_QUEUE_WAIT', '5s'],
    ['PULSE_SHUTDOWN_GRACE', '-1'],
    ['PULSE_MAX_REPLICA_LAG', ' '],
  ])('%s=%j is refused in one line naming the variable', (name, value) => {
    const c = loadConfig({ [name]: value });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).toBe(`${name} must be a number of seconds of at least 0, got "${value}" (see .env.example)`);
  });

  it('a lease under a second is refused', () => {
    const c = loadConfig({ PULSE_OUTBOX_LEASE: '0.5' });
    expect(!c.ok && c.error.message).toBe('PULSE_OUTBOX_LEASE must be a number of seconds of at least 1, got "0.5" (see .env.example)');
  });

  it('DATABASE_READ_URL must be a postgres URL', () => {
    const c = loadConfig({ DATABASE_READ_URL: 'mysql://replica/pulse' });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).toBe('DATABASE_READ_URL must start with postgres:// or postgresql:// (see .env.example)');
  });
});
