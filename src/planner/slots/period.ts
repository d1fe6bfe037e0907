import { findPeriodPhrase } from '../../metrics/period.ts';
import type { Period } from '../../metrics/types.ts';
import type { Token } from '../text.ts';
import { spanOfChars, type Span } from './span.ts';

export interface PeriodSlot {
  /** The words as written; the intent parses them again ("last quarter"). */
  phrase: string;
  period: Period;
  span: Span;
}

export function findPeriod(text: string, tokens: readonly Token[], today: string): PeriodSlot | undefined {
  const found = findPeriodPhrase(text, today);
  if (!found) return undefined;
  const start = text.indexOf(found.phrase);
  const span = start >= 0 ? spanOfChars(tokens, start, start + found.phrase.length) : undefined;
  // "in the last quarter" → "last quarter": the intent parses the phrase again on its own.
  const phrase = found.phrase.trim().replace(/^(?:(?:in|for|over|during|within|of)\s+)?(?:the\s+)?/i, '');
  return span ? { phrase: phrase || found.phrase.trim(), period: found.period, span } : undefined;
}
