// `PULSE_NOW` pins "today" so demo data, tests and answers are reproducible.
const DAY_MS = 86_400_000;

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env.PULSE_NOW;
  if (!pinned) return new Date();
  const d = new Date(pinned.length === 10 ? `${pinned}T12:00:00Z` : pinned);
  if (Number.isNaN(d.getTime())) throw new Error(`PULSE_NOW is not a date: ${pinned}`);
  return d;
}

/** 'YYYY-MM-DD' of a Date in UTC. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Date at 00:00 UTC of a 'YYYY-MM-DD' day. */
export const dayToDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);

export const daysBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / DAY_MS);

export function addMonths(d: Date, months: number): Date {
  const r = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return r;
}

export const startOfDay = (d: Date): Date => dayToDate(isoDay(d));
