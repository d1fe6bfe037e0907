import { startJobs } from '../../jobs/runtime.ts';
import { chooseSenders } from '../../jobs/senders.ts';
import { log, useChatLogging } from '../../log.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { configOrReport } from '../config-or-report.ts';
import { EXIT_FAIL, EXIT_OK } from '../usage-error.ts';
import { withApp } from '../with-app.ts';
import { runChat } from './chat.ts';
import type { RunServeHooks } from './serve.ts';

export const START_USAGE = `pulse start   (what \`npm start\` runs)
  Opens the terminal chat on the demo data; the first start creates the embedded database and
  fills it. Pipe questions in to answer them and exit: echo "how close am I to Gold?" | npm start
  With Slack variables set (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET or SLACK_APP_TOKEN), runs
  \`pulse serve\` instead. On the embedded database it also runs the weekly digests and the
  certification sweep; what they send is in the terminal outbox: pulse notifications.`;

/** `hooks` reach `pulse serve` when the environment asks for a server (tests stop it with them). */
export async function startCommand(args: string[], io: CliIo, hooks: RunServeHooks = {}): Promise<number> {
  const { values } = parse({ args, options: { help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    println(io.stdout, START_USAGE);
    return EXIT_OK;
  }
  const config = configOrReport(io);
  if (!config) return EXIT_FAIL;
  // A chat platform in the environment means a server to run; otherwise the terminal chat.
  // Teams (MICROSOFT_APP_ID) joins here once `serve` mounts its adapter.
  if (config.SLACK_BOT_TOKEN || config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN) {
    const { runServe } = await import('./serve.ts');
    return runServe([], io, hooks);
  }
  // The terminal chat: the jobs' and the first start's info lines would land between the prompt
  // and the answer; only warnings, one line each, reach the terminal.
  useChatLogging(io.stderr);
  return withApp(io, async (app) => {
    // On the embedded default the terminal chat also runs the jobs: digests and certification
    // alerts land in the terminal outbox (`pulse notifications`). A shared DATABASE_URL leaves
    // them to `pulse serve`.
    const jobs = app.handle.embedded ? await startJobs(app, { senders: chooseSenders([], log) }) : undefined;
    if (jobs && !jobs.ok) log.warn(jobs.error.message);
    try {
      return await runChat(app, io, undefined);
    } finally {
      if (jobs?.ok) await jobs.value.stop();
    }
  });
}
