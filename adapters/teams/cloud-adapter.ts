import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

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
}
