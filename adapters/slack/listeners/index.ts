import type { App as BoltApp } from '@slack/bolt';
import type { SlackDeps } from '../context.ts';
import { ACTIONS, VIEWS, numberedPattern } from '../render/action-ids.ts';
import { askFollowUp } from './actions/ask-follow-up.ts';
import { pulseAssistant } from './assistant/pulse-assistant.ts';
import { clarifyChoice } from './actions/clarify-choice.ts';
import { openAskModal } from './actions/open-ask-modal.ts';
import { openLink } from './actions/open-link.ts';
import { showChart } from './actions/show-chart.ts';
import { pulseCommand } from './commands/pulse-command.ts';
import { appHomeOpened } from './events/app-home-opened.ts';
import { appMention } from './events/app-mention.ts';
import { directMessage } from './events/direct-message.ts';
import { askSubmitted } from './views/ask-submitted.ts';

/** What manifest.yml must declare for these listeners (a test holds the two together). */
export const SLASH_COMMAND = '/pulse';
export const BOT_EVENTS = ['app_home_opened', 'app_mention', 'assistant_thread_context_changed', 'assistant_thread_started', 'message.im'] as const;

/** Every listener, by kind, in one place: what the manifest promises is what is registered here. */
export function registerListeners(bolt: BoltApp, deps: SlackDeps): void {
  bolt.command(SLASH_COMMAND, pulseCommand(deps));

  // Slack's assistant container: its thread events and every message in a DM thread. Bolt runs it
  // as middleware ahead of the listeners below and stops there, so the DM listener never answers
  // a message the assistant took.
  bolt.assistant(pulseAssistant(deps));

  bolt.event('app_mention', appMention(deps));
  // message.im: the listener itself keeps only DMs.
  bolt.event('message', directMessage(deps));
  bolt.event('app_home_opened', appHomeOpened(deps));

  const follow = askFollowUp(deps);
  bolt.action({ type: 'block_actions', action_id: numberedPattern(ACTIONS.suggest) }, follow);
  bolt.action({ type: 'block_actions', action_id: numberedPattern(ACTIONS.digest) }, follow);
  bolt.action({ type: 'block_actions', action_id: ACTIONS.explain }, follow);
  bolt.action({ type: 'block_actions', action_id: numberedPattern(ACTIONS.clarify) }, clarifyChoice(deps));
  bolt.action({ type: 'block_actions', action_id: ACTIONS.showChart }, showChart(deps));
  bolt.action({ type: 'block_actions', action_id: numberedPattern(ACTIONS.link) }, openLink());
  bolt.action({ type: 'block_actions', action_id: ACTIONS.askOpen }, openAskModal(deps));

  bolt.view({ type: 'view_submission', callback_id: VIEWS.ask }, askSubmitted(deps));
}
