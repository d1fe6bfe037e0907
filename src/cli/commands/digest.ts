import { renderReply } from '../../../adapters/console/render.ts';
import { wantsColor } from '../../../adapters/console/style.ts';
import { previewDigest } from '../../digest/preview.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { withApp } from '../with-app.ts';

export const DIGEST_USAGE = `pulse digest preview --as EMAIL [--json]
  Shows the next weekly digest for that user (a channel manager's partners, or a partner's own)
  without sending it. --json prints the digest's data, schedule and reply as one JSON object.`;

export async function digestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, DIGEST_USAGE);
    return EXIT_OK;
  }
  const [sub, ...extra] = positionals;
  if (sub !== 'preview') throw new UsageError(sub ? `unknown digest command "${sub}"; try pulse digest preview --as EMAIL` : 'pulse digest needs a command: preview --as EMAIL');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}; see pulse digest --help`);
  const email = values.as?.trim();
  if (!email) throw new UsageError('pulse digest preview needs --as EMAIL (whose digest)');
  return withApp(io, async (app) => {
    const preview = await previewDigest(app, email);
    if (!preview.ok) {
      println(io.stderr, preview.error.message);
      return EXIT_FAIL;
    }
    const p = preview.value;
    if (values.json) {
      println(io.stdout, JSON.stringify({ schedule: p.schedule, nextSendAt: p.nextSendAt, digest: p.digest, text: renderReply(p.reply), reply: p.reply }));
    } else {
      println(io.stdout, p.schedule ? `Next digest: ${p.schedule}, ${p.nextSendAt ?? ''}` : 'Not subscribed: this is the digest you would get.');
      println(io.stdout, renderReply(p.reply, { color: wantsColor(io.stdout, io.env), width: io.stdout.columns }));
    }
    return EXIT_OK;
  });
}
