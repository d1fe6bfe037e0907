// Digest schedules are weekly crons of one shape, "M H * * D[,D…]" (D: 0 = Sunday), read in the
// subscriber's own time zone. Only that shape is ever written (by the digest_subscribe intent and
// the managers' default), so a small reader here beats a general cron dependency.

export interface WeeklySchedule {
  minute: number;
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  days: number[];
}

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** The managers' default: Monday 08:00 in their time zone. */
export const DEFAULT_SCHEDULE: WeeklySchedule = { minute: 0, hour: 8, days: [1] };

export function toCron(s: WeeklySchedule): string {
  return `${s.minute} ${s.hour} * * ${[...new Set(s.days)].sort().join(',')}`;
}

export function parseCron(cron: string): WeeklySchedule | undefined {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* ([0-6](?:,[0-6])*)$/.exec(cron.trim());
  if (!m) return undefined;
  const minute = Number(m[1]);
  const hour = Number(m[2]);
  if (minute > 59 || hour > 23) return undefined;
  return { minute, hour, days: (m[3] ?? '').split(',').map(Number) };
}

/** "Mondays at 08:00 (America/New_York)". */
export function describeSchedule(s: WeeklySchedule, timeZone: string): string {
  const days = s.days.map((d) => `${DAY_NAMES[d] ?? '?'}s`);
  const when = days.length === 7 ? 'every day' : days.join(', ');
  return `${when} at ${pad(s.hour)}:${pad(s.minute)} (${timeZone})`;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

interface LocalParts {
  y: number;
  m: number;
  d: number;
  hour: number;
  minute: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get('year'), m: get('month'), d: get('day'), hour: get('hour'), minute: get('minute') };
}

/** The instant a local wall-clock time in `timeZone` happens (DST gaps resolve forwards). */
function instantOf(y: number, m: number, d: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  let t = guess;
  // Two rounds settle the offset across a DST change.
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(t), timeZone);
    const shown = Date.UTC(p.y, p.m - 1, p.d, p.hour, p.minute);
    t += guess - shown;
  }
  return new Date(t);
}

export interface Slot {
  /** Local wall-clock time of the firing: "2026-11-23T08:00"; the digest's dedupe period. */
  id: string;
  at: Date;
}

/**
 * The most recent firing of `s` in `timeZone` at or before `at`, if it lies within `lookbackMs`:
 * a process that was down at 08:00 still sends the digest when it is back, but not a week late.
 */
export function dueSlot(s: WeeklySchedule, timeZone: string, at: Date, lookbackMs: number): Slot | undefined {
  const today = localParts(at, timeZone);
  let best: Slot | undefined;
  for (let back = 0; back <= 7; back++) {
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d - back));
    if (!s.days.includes(day.getUTCDay())) continue;
    const fire = instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), s.hour, s.minute, timeZone);
    if (fire.getTime() > at.getTime()) continue;
    const id = `${day.toISOString().slice(0, 10)}T${pad(s.hour)}:${pad(s.minute)}`;
    best = { id, at: fire };
    break;
  }
  if (!best || at.getTime() - best.at.getTime() > lookbackMs) return undefined;
  return best;
}

/** The next firing after `at` (for "what am I subscribed to?" and the preview). */
export function nextSlot(s: WeeklySchedule, timeZone: string, at: Date): Slot | undefined {
  const today = localParts(at, timeZone);
  for (let ahead = 0; ahead <= 8; ahead++) {
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d + ahead));
    if (!s.days.includes(day.getUTCDay())) continue;
    const fire = instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), s.hour, s.minute, timeZone);
    if (fire.getTime() <= at.getTime()) continue;
    return { id: `${day.toISOString().slice(0, 10)}T${pad(s.hour)}:${pad(s.minute)}`, at: fire };
  }
  return undefined;
}
