import { describeError } from '../errors.ts';
import { log } from '../log.ts';
import { helpCommand, versionCommand } from './commands/help.ts';
import { println, processIo, type CliIo } from './io.ts';
import { EXIT_FAIL, EXIT_USAGE, UsageError } from './usage-error.ts';

type CommandFn = (args: string[], io: CliIo) => Promise<number>;

/**
 * One entry per command; a new command is one file in commands/ and one line here. Loaded on
 * demand: `--help` or `program check` should not pay for the database driver, the planner or vega.
 */
const COMMANDS: Record<string, () => Promise<CommandFn>> = {
  ask: async () => (await import('./commands/ask.ts')).askCommand,
  chat: async () => (await import('./commands/chat.ts')).chatCommand,
  start: async () => (await import('./commands/start.ts')).startCommand,
  db: async () => (await import('./commands/db.ts')).dbCommand,
  program: async () => (await import('./commands/program-check.ts')).programCommand,
  serve: async () => (await import('./commands/serve.ts')).runServe,
  import: async () => (await import('./commands/import.ts')).runImport,
  digest: async () => (await import('./commands/digest.ts')).digestCommand,
  notifications: async () => (await import('./commands/notifications.ts')).notificationsCommand,
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  bench: async () => (await import('./commands/bench.ts')).benchCommand,
  slack: async () => (await import('./commands/slack.ts')).slackCommand,
  help: async () => async (_args, io) => helpCommand(io),
};

/** The `pulse` CLI. Returns the exit code; prints one line, never a stack trace, on failure. */
// bin/pulse.mjs sets process.exitCode from this; db/embedded.ts keeps it from being overridden.
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return run(argv, io);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h') return helpCommand(io);
    if (name === '--version' || name === '-V') return versionCommand(io);
    if (name.startsWith('-')) throw new UsageError(`unknown option ${name}; see pulse --help`);
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command "${name}"; see pulse --help`);
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      println(io.stderr, e.message);
      return EXIT_USAGE;
    }
    // The stack is for the log (at debug level); the person gets one line.
    log.debug({ err: e }, 'command failed');
    println(io.stderr, describeError(e));
    return EXIT_FAIL;
  }
}
