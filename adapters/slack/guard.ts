import type { SlackDeps } from './context.ts';

export const SORRY_TEXT = 'Something went wrong on my side; please try again in a moment.';

/**
 * The edge of every listener: whatever escapes is logged with what was being done and, where a
 * person is waiting, answered with a sentence (`sorry`); it never reaches Bolt or crashes the
 * process.
 */
export async function guard(deps: SlackDeps, what: string, fn: () => Promise<void>, sorry?: (text: string) => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    deps.log.error({ err: e }, `Slack ${what} failed`);
    if (sorry) await sorry(SORRY_TEXT).catch((err: unknown) => deps.log.warn({ err }, `Slack ${what}: the apology failed too`));
  }
}
