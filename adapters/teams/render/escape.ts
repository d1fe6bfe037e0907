// TextBlock and FactSet text is read as a small Markdown dialect in Teams. Everything that comes
// from data or from people is escaped, so a customer called "*ACME* [beta](x)" shows as written.

const INLINE = /[\\*_[\]`~]/g;
// A line that starts like a list item or a heading would be reformatted.
const BLOCK_START = /^(\s*)([-+#>]|\d+\.)(?=\s)/gm;

export function escapeMarkdown(text: string): string {
  return text.replace(INLINE, (c) => `\\${c}`).replace(BLOCK_START, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/** At most `max` characters (code points), with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Escaped and cut, in that order, so an escape is never cut in half. */
export const safeText = (text: string, max: number): string => escapeMarkdown(truncate(text.replace(/\s+/g, ' ').trim(), max));
