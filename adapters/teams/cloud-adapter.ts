import { CloudAdapter, type Activity, type ConversationParameters, type ConversationReference, type InvokeResponse, type TurnContext } from 'botbuilder';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * botbuilder's CloudAdapter with a way in that takes an activity already read and checked by our
 * HTTP route (adapters/teams/http.ts): `process()` wants Express-style objects and writes every
 * failure to console.error, where our route answers 400/401 itself and logs through pino.
 */
export class PulseCloudAdapter extends CloudAdapter {
  /** Authenticates the request (AuthenticationError, status 401, when it fails) and runs `logic`. */
  async run(authHeader: string, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }

  /** A proactive turn in a stored conversation; its failure is thrown to the caller (see `surfaced`). */
  async continueIn(appId: string, reference: Partial<ConversationReference>, work: TurnLogic): Promise<void> {
    await surfaced((logic) => this.continueConversationAsync(appId, reference, logic), work);
  }

  /** Opens a conversation (a personal chat) and runs `work` in it; its failure is thrown to the caller. */
  async createAndRun(appId: string, channelId: string, serviceUrl: string, audience: string, params: ConversationParameters, work: TurnLogic): Promise<void> {
    await surfaced((logic) => this.createConversationAsync(appId, channelId, serviceUrl, audience, params, logic), work);
  }
}

/**
 * Runs a turn's work and throws its failure once the turn is over. Thrown inside the turn, the
 * adapter's onTurnError would catch it (and apologise in that chat), and the caller would see
 * success for a message that never arrived.
 */
async function surfaced(start: (logic: TurnLogic) => Promise<void>, work: TurnLogic): Promise<void> {
  let failure: { error: unknown } | undefined;
  await start(async (context) => {
    try {
      await work(context);
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
}
