import { exportAudit } from '../../audit/export.ts';
import { describeError } from '../../errors.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { withDb } from '../with-app.ts';

export const AUDIT_USAGE = `pulse audit export --since DATE [--until DATE] [--format csv|jsonl]
  Every question asked, oldest first, for a compliance review: when (at, UTC), who (user_email,
  platform, role, partner_id), what (question), the intent and its arguments, the outcome and
  detail, and the model tokens spent. Streamed to stdout; redirect it to a file.
  --since DATE   from this day (YYYY-MM-DD, 00:00 UTC) or instant (2026-11-01T09:30:00Z), inclusive
  --until DATE   up to the end of this day, or up to this instant (exclusive); default: now
  --format F     csv (default; RFC 4180, a header row) or jsonl (one JSON object a line)
  Rows older than PULSE_AUDIT_RETENTION_DAYS (default 400) are deleted daily by \`pulse serve\`.`;

const SEE = 'see pulse audit --help';
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day (UTC midnight; `endOfDay` gives the next midnight) or an instant with its zone. */
export function parseAuditDate(option: string, value: string, endOfDay: boolean): Date {
  const v = value.trim();
  const day = DAY.exec(v);
  if (day) {
    const d = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw new UsageError(`${option} "${value}" is not a real date; ${SEE}`);
    return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
  }
  if (INSTANT.test(v)) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`${option} must be a date such as 2026-11-01 or 2026-11-01T09:30:00Z, got "${value}"; ${SEE}`);
}

export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse({
    args,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, AUDIT_USAGE);
    return EXIT_OK;
  }
  const [sub, ...extra] = positionals;
  if (sub === undefined) throw new UsageError(`pulse audit needs a subcommand: export; ${SEE}`);
  if (sub !== 'export') throw new UsageError(`unknown audit subcommand "${sub}"; ${SEE}`);
  if (extra[0] !== undefined) throw new UsageError(`unexpected argument ${extra[0]}; ${SEE}`);
  if (values.since === undefined) throw new UsageError(`pulse audit export needs --since DATE (e.g. --since 2026-11-01); ${SEE}`);
  const since = parseAuditDate('--since', values.since, false);
  const until = values.until === undefined ? undefined : parseAuditDate('--until', values.until, true);
  if (until && until.getTime() <= since.getTime()) throw new UsageError(`--until (${values.until}) must be after --since (${values.since}); ${SEE}`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`--format must be csv or jsonl, got "${format}"; ${SEE}`);
  return withDb(io, async (handle) => {
    try {
      await exportAudit(handle.db, io.stdout, { since, until, format });
      return EXIT_OK;
    } catch (e) {
      println(io.stderr, `audit export failed: ${describeError(e)}`);
      return EXIT_FAIL;
    }
  });
}
