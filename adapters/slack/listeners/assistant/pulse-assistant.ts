import {
  Assistant,
  type AssistantThreadContextChangedMiddleware,
  type AssistantThreadStartedMiddleware,
  type AssistantUserMessageMiddleware,
} from '@slack/bolt';
import { answerIntent } from '../../../../src/core/portfolio-home.ts';
import type { TurnResult } from '../../../../src/core/types.ts';
import { neutralQuestions } from '../../../../src/program/examples.ts';
import type { Program } from '../../../../src/program/schema.ts';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { conversationOutlet, type Outlet } from '../../outlets.ts';
import { escapeMrkdwn, truncate } from '../../render/escape.ts';
import { askAndAnswer } from '../../run-turn.ts';
import { firstDelivery } from '../../seen-messages.ts';
import { slackCall } from '../../slack-errors.ts';
import { buildTurn } from '../../turn.ts';
import { asPlainMessage } from '../events/direct-message.ts';

// Slack's assistant container (the split view for AI apps). A thread opens with a one-line
// greeting and the program's own example questions for the person's role; a question in the
// thread shows a status line while it is answered through the same path as a DM (same identity,
// dedupe and privacy rules), and the answer lands in the thread.

/** Shown after the app's name while a question is answered ("Partner Pulse is looking up…"). */
export const ASSISTANT_STATUS = 'is looking up your figures…';
/** Slack shows at most four suggested prompts. */
export const MAX_PROMPTS = 4;
export const PROMPTS_TITLE = 'Try one of these:';
/** What the audit log records for the examples asked for when a thread opens. */
export const THREAD_STARTED_TEXT = 'assistant thread started: example questions';

const PROMPT_TITLE_MAX = 75;
/** The metadata event type Bolt's default context store reads and writes. */
const CONTEXT_EVENT = 'assistant_thread_context';
const THREAD_TITLE_MAX = 100;

export const assistantGreeting = (program: Program): string =>
  `Hi! Ask me about your place in the ${escapeMrkdwn(program.vendor)} partner program: tiers, revenue, deals and certifications.`;

/** The help intent's examples for this person; the partner-neutral ones when it had none (not linked). */
function examplesOf(result: TurnResult, program: Program): string[] {
  const examples = result.outcome === 'help' || result.outcome === 'ok' ? result.data.examples : undefined;
  const own = Array.isArray(examples) ? examples.filter((e): e is string => typeof e === 'string') : [];
  return own.length > 0 ? own : neutralQuestions(program);
}

function threadStarted(deps: SlackDeps): AssistantThreadStartedMiddleware {
  return async ({ event, body, client, setSuggestedPrompts }) => {
    await guard(deps, 'assistant_thread_started', async () => {
      const thread = event.assistant_thread;
      // The person is resolved as for a DM; the help intent picks the examples for their role
      // (and writes the audit row), so nobody is offered a question their role cannot ask.
      const turn = await buildTurn(client, deps, {
        asker: { teamId: body.team_id, userId: thread.user_id },
        text: THREAD_STARTED_TEXT,
        channelId: thread.channel_id,
        dm: true,
      });
      const examples = examplesOf(await answerIntent(deps.core, turn, 'help', {}), deps.core.program);
      // The greeting carries this thread's context, where Bolt's store keeps it. Not through the
      // Assistant's `say`: with no channel in the event it falls back to the default store, whose
      // memory is one context for the whole process (another person's).
      const payload: Record<string, string> = Object.fromEntries(Object.entries(thread.context).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const context = thread.context.channel_id ? { metadata: { event_type: CONTEXT_EVENT, event_payload: payload } } : {};
      const greeted = await slackCall('chat.postMessage', () =>
        client.chat.postMessage({ channel: thread.channel_id, thread_ts: thread.thread_ts, text: assistantGreeting(deps.core.program), ...context }),
      );
      if (!greeted.ok) deps.log.warn({ code: greeted.error.code }, greeted.error.message);
      const prompts = examples.slice(0, MAX_PROMPTS).map((q) => ({ title: truncate(q, PROMPT_TITLE_MAX), message: q }));
      const set = await slackCall('assistant.threads.setSuggestedPrompts', () => setSuggestedPrompts({ title: PROMPTS_TITLE, prompts }));
      if (!set.ok) deps.log.warn({ code: set.error.code }, set.error.message);
    });
  };
}

/** The person moved to another channel with the container open: kept (Bolt's store), not acted on. */
function threadContextChanged(deps: SlackDeps): AssistantThreadContextChangedMiddleware {
  return async ({ saveThreadContext }) => {
    await guard(deps, 'assistant_thread_context_changed', saveThreadContext);
  };
}

/** A "working on it" message is not needed where the status line says so. */
const withoutWorking = (outlet: Outlet): Outlet => ({
  working: async () => {},
  post: outlet.post,
  ...(outlet.spec ? { spec: { ...outlet.spec, quiet: true } } : {}),
});

function userMessage(deps: SlackDeps): AssistantUserMessageMiddleware {
  return async ({ event, body, client, setStatus, setTitle }) => {
    const m = asPlainMessage(event);
    // Our own replies come back as messages in the thread; edits and deletions are not questions.
    if (!m?.thread_ts) return;
    const threadTs = m.thread_ts;
    await guard(
      deps,
      'assistant message',
      async () => {
        if (!(await firstDelivery(deps, m.channel, m.ts))) return;
        const [status] = await Promise.all([
          slackCall('assistant.threads.setStatus', () => setStatus(ASSISTANT_STATUS)),
          slackCall('assistant.threads.setTitle', () => setTitle(truncate(m.text, THREAD_TITLE_MAX))),
        ]);
        if (!status.ok) deps.log.warn({ code: status.error.code }, status.error.message);
        try {
          const turn = await buildTurn(client, deps, {
            asker: { teamId: body.team_id, userId: m.user, userTeamId: m.user_team },
            text: m.text,
            channelId: m.channel,
            dm: true,
            // Each assistant thread is its own conversation: follow-ups carry over inside it.
            threadTs,
          });
          const outlet = withoutWorking(conversationOutlet(client, { channel: m.channel, userId: m.user, threadTs }));
          await askAndAnswer(deps, client, { turn, outlet, question: m.text });
        } finally {
          // Slack clears the status when the app replies; cleared here too for a reply that failed.
          if (status.ok) await slackCall('assistant.threads.setStatus', () => setStatus(''));
        }
      },
      (text) => client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text }),
    );
  };
}

/** Bolt's Assistant for the container: register with `bolt.assistant(pulseAssistant(deps))`. */
export function pulseAssistant(deps: SlackDeps): Assistant {
  return new Assistant({
    threadStarted: threadStarted(deps),
    threadContextChanged: threadContextChanged(deps),
    userMessage: userMessage(deps),
  });
}
