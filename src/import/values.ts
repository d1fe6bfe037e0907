// Cell values as CRM and ERP exports write them: dates in several notations, amounts with currency
// symbols and thousands separators. Each parser returns the value or a reason a person can act on.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function day(y: number, m: number, d: number): Parsed<string> {
  if (y < 1900 || y > 2200) return bad(`year ${y} is out of range`);
  if (m < 1 || m > 12) return bad(`month ${m} does not exist`);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > last) return bad(`day ${d} does not exist in ${y}-${pad(m)}`);
  return good(`${y}-${pad(m)}-${pad(d)}`);
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const MON_D_Y = /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/i;
const D_MON_Y = /^(\d{1,2})[\s-]([a-z]{3,9})\.?[\s-](\d{4})$/i;

/**
 * A calendar day as 'YYYY-MM-DD'. Accepted: 2026-03-31, 2026/03/31, 2026-03-31T10:00:00Z (the day
 * as written; time and zone are dropped), 03/31/2026 (slashes are US month/day), 31.03.2026,
 * "Mar 31, 2026", "31 Mar 2026", 31-Mar-2026.
 */
export function parseDay(text: string): Parsed<string> {
  const s = text.trim();
  let m = ISO.exec(s) ?? YMD_SLASH.exec(s);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = US.exec(s);
  if (m) {
    const r = day(Number(m[3]), Number(m[1]), Number(m[2]));
    return r.ok ? r : bad(`${r.reason} (dates with slashes are read as MM/DD/YYYY)`);
  }
  m = DOTTED.exec(s);
  if (m) return day(Number(m[3]), Number(m[2]), Number(m[1]));
  m = MON_D_Y.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month) return day(Number(m[3]), month, Number(m[2]));
  }
  m = D_MON_Y.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month) return day(Number(m[3]), month, Number(m[1]));
  }
  return bad('not a date (use 2026-03-31, 03/31/2026, 31.03.2026 or Mar 31, 2026)');
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * A moment in time, as text Postgres reads without a doubt: 'YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:MM'.
 * Accepted: ISO 8601 with a zone (2026-11-23T10:15:00Z, 2026-11-23 11:15:00+01:00, fractions of a
 * second to the microsecond); without a zone the time is UTC; a date alone is its midnight UTC.
 */
export function parseInstant(text: string): Parsed<string> {
  const m = INSTANT.exec(text.trim());
  if (!m) return bad('not a time (use ISO 8601: 2026-11-23T10:15:00Z, or 2026-11-23 10:15:00+01:00)');
  const d = day(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!d.ok) return d;
  const [h, min, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || sec > 59) return bad(`${pad(h)}:${pad(min)}:${pad(sec)} is not a time of day`);
  const fraction = m[7] ? `.${m[7].slice(0, 6)}` : '';
  let zone = '+00:00';
  const z = m[8]?.toUpperCase();
  if (z && z !== 'Z') {
    const digits = z.slice(1).replace(':', '');
    const [zh, zm] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || 0)];
    if (zh > 14 || zm > 59) return bad(`${z} is not a UTC offset`);
    zone = `${z[0]}${pad(zh)}:${pad(zm)}`;
  }
  return good(`${d.value}T${pad(h)}:${pad(min)}:${pad(sec)}${fraction}${zone}`);
}

// '$' alone could be any dollar (USD, CAD, AUD…); the caller decides whether it fits.
const SYMBOLS: Record<string, string> = { $: '$', US$: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

export interface Money {
  cents: number;
  /** ISO code when the text named one ("USD 12", "12 €"), '$' for a bare dollar sign, else null. */
  currency: string | null;
}

/**
 * An amount of money in integer cents. Accepted: 1234.5, "$1,234.50", "1.234,50 €", "USD 1234",
 * "-$5", "(1,234.50)" (accounting negative), "1 234,50". With both separators the last one is the
 * decimal point; a lone separator followed by exactly three digits groups thousands ("1,234" and
 * "1.234" are both 1234; "0.005" is not). More than two decimals are rounded half away from zero.
 */
export function parseMoney(text: string): Parsed<Money> {
  let s = text.trim().replace(/[\u00a0\u202f\u2009]/g, ' ');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  let currency: string | null = null;
  const code = /^([A-Z]{3})\s*|\s*([A-Z]{3})$/.exec(s);
  if (code) {
    currency = code[1] ?? code[2] ?? null;
    s = s.slice(0, code.index) + s.slice(code.index + code[0].length);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).trim();
  }
  const sym = /^(US\$|[$€£¥₹])\s*|\s*(US\$|[$€£¥₹])$/.exec(s);
  if (sym) {
    const named = SYMBOLS[sym[1] ?? sym[2] ?? ''] ?? null;
    if (currency && named && currency !== named && !(named === '$' && currency.endsWith('D'))) {
      return bad(`names two currencies (${currency} and ${sym[1] ?? sym[2]})`);
    }
    currency = currency ?? named;
    s = s.slice(0, sym.index) + s.slice(sym.index + sym[0].length);
  }
  if (s.startsWith('-') && !negative) {
    negative = true;
    s = s.slice(1);
  }
  s = s.trim();
  if (!/^\d[\d.,' ]*$/.test(s) || /[.,' ]$/.test(s)) return bad('not an amount');
  const split = splitDecimal(s);
  if (!split) return bad('not an amount (thousands separators must group three digits)');
  const [whole, fraction] = split;
  const cents = Number(whole) * 100 + roundFraction(fraction);
  if (!Number.isSafeInteger(cents)) return bad('amount is too large');
  return good({ cents: negative && cents !== 0 ? -cents : cents, currency });
}

/** Integer part digits and fraction digits, or undefined when the grouping makes no sense. */
function splitDecimal(s: string): [string, string] | undefined {
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    decimalAt = Math.max(lastDot, lastComma);
  } else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
    if (sep) {
      const count = s.split(sep).length - 1;
      const digitsAfter = s.length - s.lastIndexOf(sep) - 1;
      // One separator followed by exactly three digits groups thousands ("1,234"), unless what
      // stands before it is 0 ("0.005"); otherwise it is the decimal point.
      if (count === 1 && (digitsAfter !== 3 || s.startsWith('0'))) decimalAt = s.lastIndexOf(sep);
    }
  }
  const intPart = decimalAt >= 0 ? s.slice(0, decimalAt) : s;
  const fraction = decimalAt >= 0 ? s.slice(decimalAt + 1) : '';
  if (!/^\d*$/.test(fraction)) return undefined;
  const groups = intPart.split(/[.,' ]/);
  if (groups.length > 1) {
    const sepChars = new Set(intPart.replace(/\d/g, ''));
    if (sepChars.size > 1) return undefined;
    if (!/^\d{1,3}$/.test(groups[0]!) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return undefined;
  }
  const digits = groups.join('');
  if (digits === '') return undefined;
  return [digits, fraction];
}

/** A JSON number is already unambiguous: its point is a decimal point, whatever digits follow. */
export function moneyFromNumber(n: number): Parsed<Money> {
  if (!Number.isFinite(n)) return bad('not an amount');
  const text = String(Math.abs(n));
  if (/e/i.test(text)) return bad('amount is too large or too small');
  const [whole = '0', fraction = ''] = text.split('.');
  const cents = Number(whole) * 100 + roundFraction(fraction);
  if (!Number.isSafeInteger(cents)) return bad('amount is too large');
  return good({ cents: n < 0 && cents !== 0 ? -cents : cents, currency: null });
}

function roundFraction(fraction: string): number {
  const f = (fraction + '00').slice(0, 2);
  const rest = fraction.slice(2);
  return Number(f) + (rest !== '' && rest[0]! >= '5' ? 1 : 0);
}

/**
 * A plain number with its full fraction (a fact's value: 97.35, "1,234.5", "1.234,5", "-3"):
 * separators read as for amounts; no currency sign, no rounding.
 */
export function parseNumber(text: string): Parsed<number> {
  let s = text.trim().replace(/[\u00a0\u202f\u2009]/g, ' ');
  let negative = false;
  if (/^[-−]/.test(s)) {
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  if (!/^\d[\d.,' ]*$/.test(s) || /[.,' ]$/.test(s)) return bad('not a number');
  const split = splitDecimal(s);
  if (!split) return bad('not a number (thousands separators must group three digits)');
  const [whole, fraction] = split;
  const n = Number(fraction ? `${whole}.${fraction}` : whole);
  if (!Number.isFinite(n) || Math.abs(n) > 1e15) return bad('number is too large');
  return good(negative ? -n : n);
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

export function parseBool(text: string): Parsed<boolean> {
  const s = text.trim().toLowerCase();
  if (TRUE.has(s)) return good(true);
  if (FALSE.has(s)) return good(false);
  return bad('not a yes/no value (use true/false, yes/no or 1/0)');
}

/** Lower case, spaces and hyphens as underscores: "Closed Won" and "closed-won" meet "closed_won". */
export const enumKey = (text: string): string => text.trim().toLowerCase().replace(/[\s-]+/g, '_');
