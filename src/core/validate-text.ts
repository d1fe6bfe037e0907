import { fail, ok, type Result } from '../errors.ts';

export const MAX_TEXT_CHARS = 2000;

const EXAMPLE = '“how close am I to Gold tier?”';

/** Counts what a person sees as characters (code points), so an emoji is one, not two. */
export const charCount = (s: string): number => [...s].length;

/**
 * The question as the planner will see it, or a one-line reason to ask again. Control characters
 * are blanked (Postgres cannot store NUL; none of them mean anything in a question).
 */
export function validateText(raw: string): Result<string> {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
  if (text === '') return fail('bad_input', `Ask me something, for example ${EXAMPLE}`);
  const n = charCount(raw);
  if (n > MAX_TEXT_CHARS) {
    return fail(
      'bad_input',
      `That message is too long (${n.toLocaleString('en-US')} characters); please ask in under ${MAX_TEXT_CHARS.toLocaleString('en-US')}.`,
    );
  }
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return fail('bad_input', `I couldn't find a question in that; ask me something, for example ${EXAMPLE}`);
  }
  return ok(text);
}
