import { deadJobs, listNotifications, retryNotification, type NotificationRow } from '../../notifications/admin.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { withApp } from '../with-app.ts';

export const NOTIFICATIONS_USAGE = `pulse notifications [--failed] [--retry ID] [--limit N] [--json]
  The outbox of digests and alerts, newest first: status (pending, sending, sent, failed,
  undeliverable), attempts, platform (slack, teams, email, console) and the last error. With no
  chat platform and no email configured, delivered notifications are the terminal outbox
  (platform "console"). For email the platform message id is the mail's Message-ID.
  --failed    only what needs a person (failed, undeliverable), and jobs in the dead-letter queue
  --retry ID  send a failed or undeliverable notification again`;

export async function notificationsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse({
    args,
    options: {
      failed: { type: 'boolean', default: false },
      retry: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, NOTIFICATIONS_USAGE);
    return EXIT_OK;
  }
  const retryId = values.retry === undefined ? undefined : wholeNumber('--retry', values.retry);
  const limit = values.limit === undefined ? 50 : wholeNumber('--limit', values.limit);
  return withApp(io, async (app) => {
    if (retryId !== undefined) {
      const r = await retryNotification(app.db, retryId);
      if (!r.ok) {
        println(io.stderr, r.error.message);
        return EXIT_FAIL;
      }
      println(io.stdout, `Notification ${retryId} is pending again; a running \`pulse serve\` (or \`npm start\`) sends it.`);
      return EXIT_OK;
    }
    const rows = await listNotifications(app.db, { failed: values.failed, limit });
    const dead = values.failed ? await deadJobs(app.db) : [];
    if (values.json) {
      println(io.stdout, JSON.stringify({ notifications: rows, deadJobs: dead }));
      return EXIT_OK;
    }
    if (rows.length === 0) println(io.stdout, values.failed ? 'No failed notifications.' : 'The outbox is empty.');
    for (const r of rows) println(io.stdout, line(r));
    if (dead.length > 0) {
      println(io.stdout, `\nDead-letter jobs (${dead.length}):`);
      for (const d of dead) println(io.stdout, `  ${d.queue}  failed ${d.failedOn ?? d.createdOn} after ${d.attempts} attempts (job ${d.id})\n      last error: ${d.error}`);
    }
    return EXIT_OK;
  });
}

function line(r: NotificationRow): string {
  const where = r.platform ? ` via ${r.platform}` : '';
  const err = r.lastError && r.status !== 'sent' ? `\n      last error: ${r.lastError}` : '';
  return `#${r.id}  ${r.status}${where}  ${r.kind} → ${r.recipient}  (attempts ${r.attempts}, ${r.sentAt ?? r.createdAt})\n      ${r.summary}${err}`;
}

function wholeNumber(option: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${option} must be a whole number, got "${value}"; see pulse notifications --help`);
  return Number(value);
}
