import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import { answer } from '../../src/core/answer.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { dayIn } from '../../src/metrics/calendar.ts';
import { parsePeriod } from '../../src/metrics/period.ts';
import type { PlanInput, Planner } from '../../src/planner/types.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';

// "Today" and every period counted from it are the asker's: at the edge of a quarter the same
// instant is 30 September in Los Angeles and 1 October in Sydney.

const LA = 'America/Los_Angeles';
const SYDNEY = 'Australia/Sydney';

describe('dayIn', () => {
  it('reads the calendar day in a time zone at the edges of a quarter', () => {
    // 03:00 UTC on 1 October is 20:00 on 30 September in Los Angeles (PDT, UTC−7).
    expect(dayIn(new Date('2026-10-01T03:00:00Z'), LA)).toBe('2026-09-30');
    expect(dayIn(new Date('2026-10-01T07:00:00Z'), LA)).toBe('2026-10-01');
    // 15:00 UTC on 30 September is 01:00 on 1 October in Sydney (AEST, UTC+10).
    expect(dayIn(new Date('2026-09-30T15:00:00Z'), SYDNEY)).toBe('2026-10-01');
    expect(dayIn(new Date('2026-09-30T13:59:59Z'), SYDNEY)).toBe('2026-09-30');
    // Sydney on daylight time (AEDT, UTC+11) at the end of the year.
    expect(dayIn(new Date('2026-12-31T13:00:00Z'), SYDNEY)).toBe('2027-01-01');
    expect(dayIn(new Date('2026-10-01T03:00:00Z'), 'UTC')).toBe('2026-10-01');
    // An unknown zone reads as UTC rather than failing the question.
    expect(dayIn(new Date('2026-10-01T03:00:00Z'), 'Mars/Olympus_Mons')).toBe('2026-10-01');
  });

  it('makes "this quarter" the asker\u2019s quarter', () => {
    const la = parsePeriod('this quarter', dayIn(new Date('2026-10-01T03:00:00Z'), LA));
    expect(la.ok && la.value).toMatchObject({ from: '2026-07-01', to: '2026-10-01', label: 'this quarter (Q3 2026)' });
    const syd = parsePeriod('this quarter', dayIn(new Date('2026-09-30T15:00:00Z'), SYDNEY));
    expect(syd.ok && syd.value).toMatchObject({ from: '2026-10-01', to: '2026-10-02', label: 'this quarter (Q4 2026)' });
    const lastQ = parsePeriod('last quarter', dayIn(new Date('2026-09-30T15:00:00Z'), SYDNEY));
    expect(lastQ.ok && lastQ.value).toMatchObject({ from: '2026-07-01', to: '2026-10-01' });
  });
});

describe('answer: the asker\u2019s today', () => {
  const OWNER = 'owner@northwind.example';
  let app: App;
  let seen: PlanInput | undefined;
  /** The Planner contract, recording what the core gave it. */
  const recorder: Planner = {
    name: 'rules',
    plan: async (input) => {
      seen = input;
      return { kind: 'help', reason: '' };
    },
  };
  const askAt = async (at: string, zone: string) => {
    vi.stubEnv('PULSE_NOW', at);
    await app.db.updateTable('users').set({ time_zone: zone }).where('email', '=', OWNER).execute();
    seen = undefined;
    await answer(app, { ...consoleIdentity(OWNER), text: 'how much revenue this quarter?' }, { planner: recorder });
    // Set by the planner callback, which the type checker cannot follow.
    return seen as PlanInput | undefined;
  };

  beforeAll(async () => {
    app = await appFor(await testDb({ demo: true }));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is still the last day of the quarter in Los Angeles at 03:00 UTC on 1 October', async () => {
    const input = await askAt('2026-10-01T03:00:00Z', LA);
    expect(input?.today).toBe('2026-09-30');
    expect(input?.data.today).toBe('2026-09-30');
  });

  it('is already the first day of the next quarter in Sydney at 15:00 UTC on 30 September', async () => {
    const input = await askAt('2026-09-30T15:00:00Z', SYDNEY);
    expect(input?.today).toBe('2026-10-01');
    expect(input?.data.today).toBe('2026-10-01');
  });

  it('is the UTC day for a user in UTC', async () => {
    expect((await askAt('2026-10-01T03:00:00Z', 'UTC'))?.today).toBe('2026-10-01');
  });
});
