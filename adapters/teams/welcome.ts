import type { TurnContext } from 'botbuilder';
import { portfolioHome, portfolioHomeReply } from '../../src/core/portfolio-home.ts';
import { describeConnectorError } from './connector-errors.ts';
import type { TeamsDeps } from './context.ts';
import { referenceOf } from './reference.ts';
import { sendReply } from './send-card.ts';
import { buildTurn, personOf } from './turn.ts';

/** The card's header in the welcome of a channel manager or vendor admin. */
export const PORTFOLIO_WELCOME_TITLE = 'Your portfolio';

/**
 * After the welcome text in a new personal chat: a channel manager or vendor admin also gets
 * their portfolio at a glance (summary, at risk at the next review, closest to the next tier,
 * expiring certifications) as one card with buttons that drill into a partner. Anyone else gets
 * nothing more. True when the card was sent.
 */
export async function sendPortfolioWelcome(deps: TeamsDeps, context: TurnContext): Promise<boolean> {
  const person = personOf(context.activity);
  // A single-tenant bot never links people from elsewhere.
  if (!person || (deps.tenantId && person.tenantId !== deps.tenantId)) return false;
  try {
    const gated = await deps.gate.run(async () => {
      const turn = await buildTurn(deps, context, person, '');
      const home = await portfolioHome(deps.core, turn, deps.planner ? { planner: deps.planner } : {});
      if (!home) return false;
      // Linked by now (by the verified email): the stored chat carries the user, so digests reach it.
      await deps.store.save(person, referenceOf(context.activity));
      await sendReply(deps, context, portfolioHomeReply(home), { title: PORTFOLIO_WELCOME_TITLE });
      return true;
    });
    // Busy: the welcome text is enough; the portfolio is one question away.
    return gated.ok && gated.value;
  } catch (e) {
    deps.log.error({ err: describeConnectorError(e) }, 'Teams portfolio welcome failed');
    return false;
  }
}
