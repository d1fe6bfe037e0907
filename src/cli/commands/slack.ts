import { slackManifest } from '../../../adapters/slack/manifest.ts';
import { loadProgram } from '../../program/load.ts';
import { parse } from '../args.ts';
import { configOrReport } from '../config-or-report.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';

export const SLACK_USAGE = `pulse slack manifest [--program FILE]
  Prints the Slack app manifest (manifest.yml) with the /pulse usage hint and the assistant
  view's suggested prompts in the program's own tier names (default program: PULSE_PROGRAM, else program.yml). Paste it into
  https://api.slack.com/apps → Create New App → From a manifest.`;

export async function slackCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    println(io.stdout, SLACK_USAGE);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub !== 'manifest') throw new UsageError(`unknown slack command "${sub}" (try: pulse slack manifest); see pulse --help`);
  const { values } = parse({ args: rest, options: { program: { type: 'string' } } });
  let file = values.program;
  if (file === undefined) {
    const config = configOrReport(io);
    if (!config) return EXIT_FAIL;
    file = config.PULSE_PROGRAM;
  }
  const program = loadProgram(file);
  if (!program.ok) {
    println(io.stderr, program.error.message);
    return EXIT_FAIL;
  }
  io.stdout.write(slackManifest(program.value));
  return EXIT_OK;
}
