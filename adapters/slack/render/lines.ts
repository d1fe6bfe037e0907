import { truncate } from './escape.ts';

/**
 * Joins lines into as few texts as fit in `max` characters each, never splitting a line unless it
 * alone is too long (then it is cut at `max`, so no text ever exceeds the limit).
 */
export function packLines(lines: readonly string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > max ? truncate(raw, max) : raw;
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= max) current = `${current}\n${line}`;
    else {
      out.push(current);
      current = line;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Splits prose at line breaks, then sentence ends, so each piece fits in `max`. */
export function splitProse(text: string, max: number): string[] {
  const pieces = text.split('\n').flatMap((line) => (line.length <= max ? [line] : line.split(/(?<=[.!?])\s+/)));
  return packLines(pieces, max);
}
