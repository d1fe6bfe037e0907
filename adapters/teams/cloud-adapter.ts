import { CloudAdapter, type Activity, type ConversationParameters, type ConversationReference, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * The request's token could not be accepted, so nothing of it ran. 401: no token, or one that is
 * not a valid Bot Framework token for this bot (bad signature, expired, unknown key, wrong
 * audience …). 503: Microsoft's signing keys could not be fetched, so no token can be checked.
 */
export class InboundAuthRefused extends Error {
  constructor(
    readonly status: 401 | 503,
    readonly why: string,
  ) {
    super(status === 503 ? `the Bot Framework signing keys could not be fetched: ${why}` : `the Bot Framework token was refused: ${why}`);
    this.name = 'InboundAuthRefused';
  }
}

/** Network failures and non-200 answers while the SDK fetches the OpenID metadata or its keys. */
function keysUnreachable(e: unknown): boolean {
  if (e instanceof AuthenticationError) return e.statusCode >= 500;
  // node-fetch's FetchError (refused, reset, timed out, not JSON), or a bare system error (ENOTFOUND, …).
  const err = e as { name?: unknown; code?: unknown } | null;
  return err?.name === 'FetchError' || (typeof err?.code === 'string' && /^E[A-Z_]+$/.test(err.code));
}

/**
 * botbuilder's CloudAdapter with a way in that takes an activity already read and checked by our
 * HTTP route (adapters/teams/http.ts): `process()` wants Express-style objects and writes every
 * failure to console.error, where our route answers 400/401/503 itself and logs through pino.
 */
export class PulseCloudAdapter extends CloudAdapter {
  /**
   * Authenticates the request first and runs `logic` only when that succeeded: whatever the check
   * throws (the SDK throws AuthenticationError for some refusals, jsonwebtoken's own errors for a
   * bad signature, a fetch error when the keys are out of reach) becomes `InboundAuthRefused`.
   */
  async run(authHeader: string, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    let authenticated: Awaited<ReturnType<typeof this.botFrameworkAuthentication.authenticateRequest>>;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new InboundAuthRefused(keysUnreachable(e) ? 503 : 401, why);
    }
    return this.processActivity(authenticated, activity, logic);
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
