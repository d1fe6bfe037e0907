import { readFileSync } from 'node:fs';
import { fromRoot } from '../../root.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_OK } from '../usage-error.ts';

export const USAGE = `Partner Pulse — answers about your partner program, from your own data.

Usage:
  pulse start                         the terminal chat on the demo data (what npm start runs);
                                      with Slack variables set, the server instead
  pulse serve [--port N]              the chat servers (Slack, Teams), webhooks, jobs, /healthz
  pulse chat [--as EMAIL]             the terminal chat, as a user (/as, /help, /quit inside)
  pulse ask --as EMAIL [--json] [--png-dir DIR] [--planner rules|llm] [QUESTION...]
                                      one answer; without QUESTION, one per line of stdin
  pulse db migrate                    apply pending migrations
  pulse db seed --demo                replace all data with the demo program
  pulse db seed --scale --partners N  replace all data with N generated partners (1..100000)
  pulse db reset --yes                undo every migration, migrate again, seed the demo
  pulse program check [FILE]          validate a program file (default PULSE_PROGRAM, else program.yml)
  pulse slack manifest [--program FILE]
                                      the Slack app manifest in the program's own tier names
  pulse import ENTITY FILE [--dry-run] [--map FILE.yml]
                                      load partners, deals, revenue, … from CSV or JSONL
  pulse digest preview --as EMAIL [--json]
                                      the next weekly digest for that user, not sent
  pulse notifications [--failed] [--retry ID]
                                      the outbox of digests and alerts (the terminal outbox
                                      on the embedded default), failures, dead letters
  pulse audit export --since DATE [--until DATE] [--format csv|jsonl]
                                      who asked what, intent, outcome, scope, when (stdout)
  pulse bench [--quick] [--partners N] [--skip png,slack,jobs,import]
                                      the speed targets on a generated data set of its own
  pulse help | --help | --version

Environment (see .env.example): DATABASE_URL (else an embedded PostgreSQL in
PULSE_DATA_DIR/pg on PULSE_PG_PORT), PULSE_PROGRAM, PULSE_NOW (pins "today"), LOG_LEVEL.
Run \`pulse COMMAND --help\` for more on one command.`;

export function helpCommand(io: CliIo): number {
  println(io.stdout, USAGE);
  return EXIT_OK;
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export function versionCommand(io: CliIo): number {
  println(io.stdout, `pulse ${version()}`);
  return EXIT_OK;
}
