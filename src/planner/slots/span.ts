import type { Token } from '../text.ts';

/** Which tokens of the question a slot took, [from, to) by token index. */
export interface Span {
  from: number;
  to: number;
}

/** The token span that covers characters [start, end) of the text. */
export function spanOfChars(tokens: readonly Token[], start: number, end: number): Span | undefined {
  const from = tokens.findIndex((t) => t.end > start);
  if (from < 0) return undefined;
  let to = from;
  while (to < tokens.length && (tokens[to]?.start ?? end) < end) to++;
  return to > from ? { from, to } : undefined;
}

export const overlaps = (a: Span, b: Span): boolean => a.from < b.to && b.from < a.to;
