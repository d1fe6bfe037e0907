import type { Token } from '../text.ts';
import { spanOfChars } from './span.ts';
import { capitalisedRuns, unknownRunAt, type IsKnown, type NameRun } from './names.ts';

const CUSTOMER_WORDS = new Set(['customer', 'customers', 'client', 'clients', 'account', 'end-customer', 'enduser']);
const QUOTED = /^\s+(?:named\s+|called\s+)?["']([^"']{1,60})["']/;

/**
 * The customer a deal question filters on: "deals with Acme", "for customer Contoso Bank",
 * 'deals with "acme corp"'. `taken` marks tokens another slot (a partner) already claimed.
 */
export function findCustomer(source: string, tokens: readonly Token[], isKnown: IsKnown, taken: (i: number) => boolean): NameRun | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]?.lower ?? '';
    if (!CUSTOMER_WORDS.has(w) && w !== 'with') continue;
    const end = tokens[i]?.end ?? 0;
    const quoted = QUOTED.exec(source.slice(end));
    if (quoted?.[1]) {
      const start = end + quoted.index;
      const span = spanOfChars(tokens, start, start + quoted[0].length);
      if (span) return { text: quoted[1].trim(), span };
    }
    let at = i + 1;
    if (['named', 'called', 'the'].includes(tokens[at]?.lower ?? '')) at++;
    if (w === 'with' && CUSTOMER_WORDS.has(tokens[at]?.lower ?? '')) continue;
    const caps = capitalisedRuns(source, tokens.slice(0, Math.min(tokens.length, at + 5)), () => false, taken).find((r) => r.span.from === at);
    if (caps) return caps;
    const unknown = unknownRunAt(source, tokens, at, isKnown, taken);
    if (unknown) return unknown;
  }
  return undefined;
}
