import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import { headlineInSentence } from '../../src/program/examples.ts';
import type { Program } from '../../src/program/schema.ts';
import type { TeamsDeps } from './context.ts';
import { textActivity } from './render/activity.ts';
import { askAndAnswer, rememberPersonalChat } from './run-turn.ts';
import { conversationKind, personOf } from './turn.ts';
import { sendPortfolioWelcome } from './welcome.ts';

/** The first message in a personal chat, with an example in the program's own tier names. */
export const welcomeText = (program: Program): string =>
  `Hi, I'm Partner Pulse. Ask me about the ${program.vendor} partner program — for example “${headlineInSentence(program)}” or “which certifications expire soon?”.`;

/**
 * The activity handler. Messages — in the personal chat, in a group chat, or an @mention in a
 * channel (Teams only sends a bot the channel messages that mention it) — and card buttons
 * (Action.Submit arrives as a message whose value is the follow-up) are answered; the personal
 * chat's reference is stored when the app is installed or first messaged, for proactive messages.
 */
export class PulseTeamsBot extends TeamsActivityHandler {
  constructor(deps: TeamsDeps) {
    super();
    this.onMessage(async (context, next) => {
      await askAndAnswer(deps, context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await remember(deps, context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botAdded && conversationKind(context.activity) === 'personal') {
        await remember(deps, context);
        await context.sendActivity(textActivity(welcomeText(deps.core.program)));
        // A channel manager or vendor admin also sees their portfolio at once.
        await sendPortfolioWelcome(deps, context);
      }
      await next();
    });
  }
}

async function remember(deps: TeamsDeps, context: TurnContext): Promise<void> {
  await rememberPersonalChat(deps, context, personOf(context.activity)).catch((e: unknown) =>
    deps.log.error({ err: e }, 'storing the Teams conversation failed'),
  );
}
