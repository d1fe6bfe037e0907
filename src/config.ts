import { z } from 'zod';
import { fail, ok, type Result } from './errors.ts';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: `must be a port number between 1 and 65535, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** A whole number from `min` up, or the fallback when unset. */
const wholeNumber = (fallback: number, min: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number of at least ${min}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** Seconds (fractions allowed) from `min` up, as milliseconds, or the fallback (seconds) when unset. */
const seconds = (fallback: number, min: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback * 1000;
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `must be a number of seconds of at least ${min}, got "${v}"` });
        return z.NEVER;
      }
      return Math.round(n * 1000);
    });

/** An absolute http(s) URL without a query or fragment, its trailing "/" dropped. */
const baseUrl = optionalString.pipe(
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '' && u.hash === '';
      } catch {
        return false;
      }
    }, 'must be an http(s) URL such as https://pulse.example.com')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
);

const smtpUrl = optionalString.pipe(
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be smtp://user:password@host:587 or smtps://user:password@host:465')
    .optional(),
);

// "pulse@example.com" or "Partner Pulse <pulse@example.com>".
const MAIL_FROM = /^(?:[^<>@]*<\s*[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+\s*>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  // A streaming replica that answers read partner data from; writes and read-your-write stay on DATABASE_URL.
  DATABASE_READ_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  // Past this replay lag answers read from the primary instead (milliseconds once parsed).
  PULSE_MAX_REPLICA_LAG: seconds(60, 0),
  PULSE_DATA_DIR: z.string().default('.pulse'),
  PULSE_PG_PORT: port(54329),
  PULSE_NOW: optionalString.pipe(
    z
      .string()
      .refine((v) => !Number.isNaN(new Date(v.length === 10 ? `${v}T12:00:00Z` : v).getTime()), {
        message: 'must be an ISO date such as 2026-11-23',
      })
      .optional(),
  ),
  PULSE_PROGRAM: z.string().default('program.yml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: port(3000),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  PULSE_LLM_MODEL: z.string().default('gpt-4o-mini'),
  PULSE_LLM_TIMEOUT_MS: wholeNumber(10_000, 1),
  PULSE_LLM_DAILY_TOKENS: wholeNumber(200_000, 0),
  // One question's tool calls in all and per model round; past either it is answered from what ran.
  PULSE_LLM_MAX_TOOL_CALLS: wholeNumber(12, 1),
  PULSE_LLM_MAX_TOOL_CALLS_PER_ROUND: wholeNumber(6, 1),
  PULSE_INGEST_SECRET: optionalString,
  // Chat turns worked at once per process, and how many may wait for a place before people are
  // told to ask again (bounds memory and keeps acknowledgements instant under a burst).
  PULSE_MAX_CONCURRENT_TURNS: wholeNumber(8, 1),
  PULSE_MAX_QUEUED_TURNS: wholeNumber(2_000, 0),
  // A turn that waited longer than this for a place is told at once that the assistant is busy,
  // rather than answered late (milliseconds once parsed).
  PULSE_MAX_QUEUE_WAIT: seconds(5, 0),
  // Threads `pulse serve` answers on, apart from the one that acknowledges Slack and Teams (which
  // must answer Slack within 3 s whatever the load); 0 answers on that thread itself.
  PULSE_ANSWER_WORKERS: wholeNumber(1, 0),
  // On SIGTERM, how long turns in flight may take to finish before they are told to ask again.
  PULSE_SHUTDOWN_GRACE: seconds(10, 0),
  // How long a notification claimed by an instance that then died stays its own before another
  // instance takes it over (asking the platform first whether it arrived). Well above a send's 15 s.
  PULSE_OUTBOX_LEASE: seconds(120, 1),
  // Email, the third delivery channel (digests, alerts): SMTP_URL turns it on and needs the other three.
  SMTP_URL: smtpUrl,
  PULSE_MAIL_FROM: optionalString.pipe(z.string().regex(MAIL_FROM, 'must be an address such as "Partner Pulse <pulse@example.com>"').optional()),
  // Where people reach `pulse serve` from their mail: unsubscribe links point at <PULSE_PUBLIC_URL>/unsubscribe.
  PULSE_PUBLIC_URL: baseUrl,
  PULSE_UNSUBSCRIBE_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters (it signs unsubscribe links)').optional()),
  // GET /metrics asks for `Authorization: Bearer <token>` when set; open (for a private network) when not.
  // audit_log rows older than this many days are deleted by a daily job (`pulse serve`).
  PULSE_AUDIT_RETENTION_DAYS: wholeNumber(400, 1),
  PULSE_METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters').regex(/^\S+$/, 'must not contain spaces (it is sent as a bearer token)').optional(),
  ),
}).superRefine((env, ctx) => {
  if (env.SMTP_URL === undefined) return;
  const needs: [keyof typeof env, string][] = [
    ['PULSE_MAIL_FROM', 'the sender address of every email'],
    ['PULSE_PUBLIC_URL', 'the address of `pulse serve` that unsubscribe links open'],
    ['PULSE_UNSUBSCRIBE_SECRET', '32 or more random characters that sign unsubscribe links'],
  ];
  for (const [name, what] of needs) {
    if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `is required when SMTP_URL is set (${what})` });
  }
});

export type Config = z.infer<typeof envSchema>;

/** Validates the environment once; a bad value yields one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Result<Config> {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') ?? 'environment';
  return fail('config', `${name} ${issue?.message ?? 'is invalid'} (see .env.example)`);
}
