import type { Scenario } from '../../insights/what-if.ts';

// The hypothetical in a what-if question, and its number: "if my open deals close", "if we
// certify two more people", "if we win 3 more deals", "if we book another $50k". A negative or
// absurd number is kept as written: the intent answers it with one clear line.

export interface ScenarioSlot {
  scenario: Scenario;
  amount?: number;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, another: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, 'a couple of': 2, 'a couple': 2, 'a few': 3, 'a dozen': 12,
};
const NUM = `(-?\\d[\\d,]*(?:\\.\\d+)?|a couple(?: of)?|a few|a dozen|${Object.keys(WORD_NUMBERS).filter((w) => !w.includes(' ')).join('|')})`;
const MORE = '(?:more\\s+|extra\\s+|additional\\s+|new\\s+|of (?:our|my|the)\\s+)*';
const PEOPLE = '(?:people|persons?|staff|employees|engineers|sellers|consultants|technicians|reps|colleagues|team members|folks|guys|certifications?|certs?|certified \\w+)';

const CERTS = new RegExp(`(?<!\\w)${NUM}\\s+${MORE}${PEOPLE}`);
const CERT_WORDS = /\b(certif\w*|certs?|accredit\w*|train\w*|pass\w* the exam)\b/;
const WIN_DEALS = new RegExp(`\\b(?:wins?|won|close[sd]?|lands?|landed|signs?|signed)\\s+${NUM}\\s+${MORE}(?:deals?|opportunit\\w*)\\b`);
const DEALS_WON = new RegExp(`(?<!\\w)${NUM}\\s+${MORE}(?:deals?|opportunit\\w*)\\s+(?:close|closed|are won|were won|get won|win|land)\\b`);
const OPEN_DEALS =
  /\b(?:(?:open|approved|pending|current|registered|outstanding|remaining)\s+(?:deals?|registrations?|opportunit\w*)|pipeline|deals? (?:in|from) (?:the|our|my) pipeline)\b.*\b(?:close[sd]?|closing|won|win|land\w*|convert\w*|come in|came in|sign\w*|book\w*)\b/;
const OPEN_DEALS_BEFORE = /\b(?:close[sd]?|closing|wins?|won|lands?|converts?|signs?)\s+(?:all\s+)?(?:of\s+)?(?:our|my|the|its|their)?\s*(?:open|approved|pending|current|outstanding|remaining)\s+(?:deals?|registrations?|opportunit\w*|pipeline)\b/;
const MONEY = /(-?)\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k|m|thousand|million)?\b|(-?\d[\d,]*(?:\.\d+)?)\s*(k|m|thousand|million)?\s*(?:dollars|usd)\b/;
const REVENUE_WORDS = /\b(revenue|book\w*|sales|sell|sold|bookings|another|more|extra|additional)\b/;

function number(word: string): number {
  const w = word.trim();
  const named = WORD_NUMBERS[w];
  return named ?? Number(w.replace(/,/g, ''));
}

function money(m: RegExpExecArray): number {
  const digits = m[2] ?? m[4] ?? '0';
  const unit = (m[3] ?? m[5] ?? '').toLowerCase();
  const scale = unit === 'k' || unit === 'thousand' ? 1000 : unit === 'm' || unit === 'million' ? 1_000_000 : 1;
  const sign = m[1] === '-' || digits.startsWith('-') ? -1 : 1;
  return sign * Math.abs(Number(digits.replace(/,/g, ''))) * scale;
}

export function findScenario(text: string): ScenarioSlot | undefined {
  const t = text.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = WIN_DEALS.exec(t) ?? DEALS_WON.exec(t))) return { scenario: 'win_deals', amount: number(m[1] ?? '') };
  if (OPEN_DEALS.test(t) || OPEN_DEALS_BEFORE.test(t)) return { scenario: 'open_deals_close' };
  if (CERT_WORDS.test(t) && (m = CERTS.exec(t))) return { scenario: 'add_certifications', amount: number(m[1] ?? '') };
  if ((m = MONEY.exec(t)) && REVENUE_WORDS.test(t)) return { scenario: 'add_revenue', amount: money(m) };
  return undefined;
}
