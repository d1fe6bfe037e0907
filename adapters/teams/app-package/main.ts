import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadProgram } from '../../../src/program/load.ts';
import { buildAppPackage } from './package.ts';

// `npm run teams:package -- --url https://HOST --privacy-url URL --terms-url URL`: writes the
// Teams app package. Teams shows the privacy and terms pages in the app's details, so they are
// the vendor's own and required: a default would be a link that 404s.

const USAGE = `npm run teams:package -- --url https://HOST --privacy-url URL --terms-url URL [--website-url URL] [--app-id GUID] [--out FILE]
  --url          the public HTTPS URL of pulse serve
  --privacy-url  your privacy statement (default: TEAMS_PRIVACY_URL)
  --terms-url    your terms of use (default: TEAMS_TERMS_URL)
  --website-url  your website (default: TEAMS_WEBSITE_URL, else the privacy page's site)
  --app-id       the bot's Microsoft App ID (default: MICROSOFT_APP_ID)
  --out          where to write the zip (default: out/teams/partner-pulse-teams.zip)`;

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

const httpsUrl = (what: string, needed: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required (${needed})` : `${what} must be a URL`) })
    .url(`${what} must be a URL`)
    .refine((u) => u.startsWith('https://'), `${what} must start with https://`);

const inputSchema = z.object({
  appId: z.string().uuid('--app-id / MICROSOFT_APP_ID must be the Azure Bot’s Microsoft App ID (a GUID)'),
  baseUrl: httpsUrl('--url', 'the public HTTPS URL of pulse serve; Teams only calls HTTPS bots'),
  privacyUrl: httpsUrl('--privacy-url / TEAMS_PRIVACY_URL', 'your privacy statement, linked from the app in Teams'),
  termsOfUseUrl: httpsUrl('--terms-url / TEAMS_TERMS_URL', 'your terms of use, linked from the app in Teams'),
  websiteUrl: httpsUrl('--website-url / TEAMS_WEBSITE_URL', 'your website').optional(),
  out: z.string().min(1),
});

export function runTeamsPackage(argv: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): number {
  let values: { 'app-id'?: string; url?: string; 'privacy-url'?: string; 'terms-url'?: string; 'website-url'?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'app-id': { type: 'string' },
        url: { type: 'string' },
        'privacy-url': { type: 'string' },
        'terms-url': { type: 'string' },
        'website-url': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    log(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    log(USAGE);
    return 0;
  }
  const appId = values['app-id'] ?? (env.MICROSOFT_APP_ID?.trim() || PLACEHOLDER_ID);
  const fromEnv = (name: string) => env[name]?.trim() || undefined;
  const parsed = inputSchema.safeParse({
    appId,
    baseUrl: values.url,
    privacyUrl: values['privacy-url'] ?? fromEnv('TEAMS_PRIVACY_URL'),
    termsOfUseUrl: values['terms-url'] ?? fromEnv('TEAMS_TERMS_URL'),
    websiteUrl: values['website-url'] ?? fromEnv('TEAMS_WEBSITE_URL'),
    out: values.out ?? 'out/teams/partner-pulse-teams.zip',
  });
  if (!parsed.success) {
    log(parsed.error.issues[0]?.message ?? 'invalid input');
    return 1;
  }
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const program = loadProgram(env.PULSE_PROGRAM?.trim() || 'program.yml');
  if (!program.ok) {
    log(program.error.message);
    return 1;
  }
  const { privacyUrl, termsOfUseUrl } = parsed.data;
  const websiteUrl = parsed.data.websiteUrl ?? new URL('/', privacyUrl).toString();
  const { zip } = buildAppPackage({
    appId: parsed.data.appId,
    baseUrl: parsed.data.baseUrl,
    developer: { websiteUrl, privacyUrl, termsOfUseUrl },
    version,
    program: program.value,
  });
  const out = resolve(parsed.data.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  log(`Teams app package written to ${out} (${zip.length} bytes)`);
  if (appId === PLACEHOLDER_ID) log('Note: no MICROSOFT_APP_ID given, so the package carries a placeholder id; set it before uploading.');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = runTeamsPackage(process.argv.slice(2), process.env, (line) => console.error(line));
}
