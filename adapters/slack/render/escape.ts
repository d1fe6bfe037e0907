// Slack reads `&`, `<` and `>` as markup in mrkdwn and in a message's top-level text: `<!channel>`
// pings everyone, `<@U1>` mentions a person. Anything that came from data or from a person is
// escaped with these three entities before it goes into mrkdwn, and nothing else is changed.

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts text to at most `max` UTF-16 units (never more than Slack's character count), ending with
 * "…" when cut. An entity written by `escapeMrkdwn` is never cut in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';') && /^&(amp|lt|gt);/.test(text.slice(amp))) cut = cut.slice(0, amp);
  // A surrogate pair split at the end would show as a broken glyph.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Escaped, then cut to fit: the usual way user data goes into a mrkdwn field. */
export const mrkdwnText = (text: string, max: number): string => truncate(escapeMrkdwn(text), max);
