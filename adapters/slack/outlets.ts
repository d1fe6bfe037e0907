import type { RespondArguments, RespondFn, types, webApi } from '@slack/bolt';
import type { TurnResult } from '../../src/core/types.ts';
import type { SlackMessage } from './render/block-types.ts';
import { slackCall, type SlackResult } from './slack-errors.ts';

// Where an answer goes. A slash command or a button has a response_url (works in any channel,
// even one the bot is not in, and can answer privately); a mention or a DM is answered with
// chat.postMessage / chat.postEphemeral in the conversation it came from.

export type Delivery = TurnResult['deliver'];

/** Slack can always answer the asker alone (ephemeral), so a system reply never needs its brief. */
export const isPrivate = (d: Delivery): boolean => d !== 'in_place';

export const WORKING_TEXT = ':hourglass_flowing_sand: Working on it…';

export interface Outlet {
  /** Shows a "working on it" message where the answer will appear. */
  working(): Promise<void>;
  /** Posts message `index` of the answer; the first one takes the working message's place. */
  post(message: SlackMessage, delivery: Delivery, index: number): Promise<SlackResult<unknown>>;
  /** The same place as plain data, for an answer worker to rebuild it; none when it cannot be. */
  spec?: OutletSpec;
}

/** Where an answer goes, as data that crosses to a worker thread (remote-turn.ts rebuilds it). */
export type OutletSpec = ({ kind: 'response_url'; url: string; opts: ResponseUrlOptions } | { kind: 'conversation'; target: ConversationTarget }) & {
  /** No "working on it" message (the assistant container shows a status line instead). */
  quiet?: boolean;
};

type Blocks = (types.KnownBlock | types.Block)[];

/** Our blocks as the client's type: every one is a valid `Block` ({ type, … }). */
const asBlocks = (m: SlackMessage): Blocks => m.blocks as unknown as Blocks;

export interface ResponseUrlOptions {
  /** Replace the message the button was on (a clarifying question answered by its choice). */
  replaceOriginal?: boolean;
  /** The message the button was on is ephemeral. */
  originalEphemeral?: boolean;
  /** Answer inside this thread (a button on a threaded message). */
  threadTs?: string;
}

/**
 * Answers through a response_url: ephemeral for the asker, or in the channel. With `url` (the
 * response_url `respond` posts to), an answer worker can answer there too.
 */
export function responseUrlOutlet(respond: RespondFn, opts: ResponseUrlOptions = {}, url?: string): Outlet {
  let workingShown = false;
  const thread = opts.threadTs ? { thread_ts: opts.threadTs } : {};
  const send = (label: string, args: RespondArguments) => slackCall(label, () => respond({ ...thread, ...args }));
  return {
    ...(url ? { spec: { kind: 'response_url' as const, url, opts } } : {}),
    async working() {
      const r = await send('response_url', { response_type: 'ephemeral', text: WORKING_TEXT, replace_original: false });
      workingShown = r.ok;
    },
    async post(message, delivery, index) {
      const ephemeral = isPrivate(delivery);
      const base = { text: message.text, blocks: asBlocks(message) };
      if (index === 0) {
        // The working message is ephemeral: an ephemeral answer replaces it; a public one
        // removes it and is posted afresh (an ephemeral message cannot become public).
        if (workingShown && ephemeral) return send('response_url', { ...base, response_type: 'ephemeral', replace_original: true });
        if (workingShown) await send('response_url', { delete_original: true });
        const sameVisibility = (opts.originalEphemeral ?? false) === ephemeral;
        if (!workingShown && opts.replaceOriginal && sameVisibility) return send('response_url', { ...base, replace_original: true });
      }
      return send('response_url', { ...base, response_type: ephemeral ? 'ephemeral' : 'in_channel', replace_original: false });
    },
  };
}

export interface ConversationTarget {
  /** A channel id, or a user id for the app's DM with that user. */
  channel: string;
  userId: string;
  threadTs?: string;
}

/** Answers in a conversation with the bot token: public, or ephemeral to the asker. */
export function conversationOutlet(client: webApi.WebClient, target: ConversationTarget): Outlet {
  let working: { channel: string; ts: string } | undefined;
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  return {
    spec: { kind: 'conversation', target },
    async working() {
      const r = await slackCall('chat.postMessage', () =>
        client.chat.postMessage({ channel: target.channel, text: WORKING_TEXT, ...thread }),
      );
      if (r.ok && r.value.ts && r.value.channel) working = { channel: r.value.channel, ts: r.value.ts };
    },
    async post(message, delivery, index) {
      const blocks = asBlocks(message);
      if (isPrivate(delivery)) {
        if (index === 0 && working) {
          const w = working;
          // The working message carried no data; it goes, and the answer comes privately.
          await slackCall('chat.delete', () => client.chat.delete({ channel: w.channel, ts: w.ts }));
        }
        return slackCall('chat.postEphemeral', () =>
          client.chat.postEphemeral({ channel: target.channel, user: target.userId, text: message.text, blocks, ...thread }),
        );
      }
      if (index === 0 && working) {
        const w = working;
        return slackCall('chat.update', () => client.chat.update({ channel: w.channel, ts: w.ts, text: message.text, blocks }));
      }
      return slackCall('chat.postMessage', () =>
        client.chat.postMessage({ channel: target.channel, text: message.text, blocks, ...thread }),
      );
    },
  };
}
