import { z } from 'zod';
import { enumKey, moneyFromNumber, parseBool, parseDay, parseInstant, parseMoney, parseNumber, type Money, type Parsed } from './values.ts';

/** What a cell holds once read: text from CSV; text, number or boolean from JSON. */
export type Cell = string | number | boolean;
/** A validated value, as staged: text, 'YYYY-MM-DD', integer cents, a flag, or null for empty. */
export type Value = string | number | boolean | null;
export type FieldSchema = z.ZodType<Value, Cell>;

export interface FieldOptions {
  required?: boolean;
}

type Ctx = z.core.$RefinementCtx<unknown>;

/** Empty (after trimming) → null, or the "required" issue; otherwise hands the text on. */
function field(opts: FieldOptions, parse: (text: string, raw: Cell, ctx: Ctx) => Value): FieldSchema {
  return z.unknown().transform((raw, ctx): Value => {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      ctx.addIssue({ code: 'custom', message: 'expected text, a number or true/false' });
      return z.NEVER;
    }
    const text = typeof raw === 'string' ? raw.trim() : String(raw);
    if (text === '') {
      if (opts.required) {
        ctx.addIssue({ code: 'custom', message: 'required, but empty' });
        return z.NEVER;
      }
      return null;
    }
    if (text.includes('\0')) {
      ctx.addIssue({ code: 'custom', message: 'contains a NUL character' });
      return z.NEVER;
    }
    return parse(text, raw, ctx);
  }) as FieldSchema;
}

function unwrap<T>(r: Parsed<T>, ctx: Ctx): T {
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: r.reason });
  return z.NEVER;
}

export function text(opts: FieldOptions & { max?: number } = {}): FieldSchema {
  const max = opts.max ?? 500;
  return field(opts, (s, _raw, ctx) => {
    if (s.length > max) return unwrap({ ok: false, reason: `longer than ${max} characters` }, ctx);
    return s;
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, _raw, ctx) => (EMAIL.test(s) ? s : unwrap({ ok: false, reason: 'not an email address' }, ctx)));
}

export function day(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, raw, ctx) =>
    typeof raw === 'string' ? unwrap(parseDay(s), ctx) : unwrap({ ok: false, reason: 'not a date' }, ctx),
  );
}

/** A moment (ISO 8601 text; a JSON number is refused: seconds or milliseconds would be a guess). */
export function instant(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, raw, ctx) =>
    typeof raw === 'string' ? unwrap(parseInstant(s), ctx) : unwrap({ ok: false, reason: 'not a time (use ISO 8601 text: "2026-11-23T10:15:00Z")' }, ctx),
  );
}

/**
 * Money → integer cents. A currency written in the cell must be the program's: an amount in euros
 * imported into a dollar program would be a silently wrong number.
 */
export function amount(currency: string, opts: FieldOptions & { min?: number } = {}): FieldSchema {
  return field(opts, (s, raw, ctx) => {
    const m: Money = unwrap(typeof raw === 'number' ? moneyFromNumber(raw) : parseMoney(s), ctx);
    const fits = m.currency === null || m.currency === currency || (m.currency === '$' && currency.endsWith('D'));
    if (!fits) {
      const named = m.currency === '$' ? 'dollars' : m.currency;
      return unwrap({ ok: false, reason: `amount is in ${named}, but the program's currency is ${currency}` }, ctx);
    }
    if (opts.min !== undefined && m.cents < opts.min) {
      return unwrap({ ok: false, reason: `must be ${opts.min / 100} or more` }, ctx);
    }
    return m.cents;
  });
}

/** A number with its fraction kept (a fact's value); JSON numbers as they are. */
export function decimal(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, raw, ctx) => {
    if (typeof raw === 'number') return Number.isFinite(raw) ? raw : unwrap({ ok: false, reason: 'not a number' }, ctx);
    if (typeof raw === 'boolean') return unwrap({ ok: false, reason: 'not a number' }, ctx);
    return unwrap(parseNumber(s), ctx);
  });
}

export function flag(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, raw, ctx) => (typeof raw === 'boolean' ? raw : unwrap(parseBool(s), ctx)));
}

/**
 * One of `values`, matched without regard to case, spaces or hyphens ("Closed Won" → closed_won);
 * `aliases` maps CRM wording onto ours.
 */
export function oneOf(values: readonly string[], opts: FieldOptions & { aliases?: Record<string, string>; empty?: string } = {}): FieldSchema {
  const lookup = new Map<string, string>();
  for (const v of values) lookup.set(enumKey(v), v);
  for (const [alias, v] of Object.entries(opts.aliases ?? {})) lookup.set(enumKey(alias), v);
  const list = values.join(', ');
  const reason = values.length === 0 && opts.empty ? opts.empty : `must be one of ${list}`;
  return field(opts, (s, _raw, ctx) => lookup.get(enumKey(s)) ?? unwrap({ ok: false, reason }, ctx));
}

const zoneCache = new Map<string, boolean>();

function isTimeZone(s: string): boolean {
  let known = zoneCache.get(s);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: s });
      known = true;
    } catch {
      known = false;
    }
    zoneCache.set(s, known);
  }
  return known;
}

/** A BCP 47 locale Intl can format for (de-DE, en-GB, fr). */
export function locale(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, _raw, ctx) => {
    let ok = false;
    try {
      ok = Intl.NumberFormat.supportedLocalesOf([s]).length > 0;
    } catch {
      ok = false;
    }
    return ok ? s : unwrap({ ok: false, reason: 'not a locale (e.g. en-US, en-GB, de-DE)' }, ctx);
  });
}

export function timeZone(opts: FieldOptions = {}): FieldSchema {
  return field(opts, (s, _raw, ctx) =>
    isTimeZone(s) ? s : unwrap({ ok: false, reason: 'not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)' }, ctx),
  );
}
