import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadProgram } from '../../../src/program/load.ts';
import { buildAppPackage } from './package.ts';

// `npm run teams:package [-- --app-id GUID --url https://pulse.example.com --out FILE]`: writes
// the Teams app package. The app id defaults to MICROSOFT_APP_ID.

const USAGE = `npm run teams:package -- [--app-id GUID] [--url https://HOST] [--out FILE]
  --app-id  the bot's Microsoft App ID (default: MICROSOFT_APP_ID)
  --url     the public HTTPS URL of pulse serve (default: https://pulse.example.com)
  --out     where to write the zip (default: out/teams/partner-pulse-teams.zip)`;

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

const inputSchema = z.object({
  appId: z.string().uuid('--app-id / MICROSOFT_APP_ID must be the Azure Bot’s Microsoft App ID (a GUID)'),
  baseUrl: z.string().url('--url must be a URL').refine((u) => u.startsWith('https://'), '--url must start with https:// (Teams only calls HTTPS bots)'),
  out: z.string().min(1),
});

export function runTeamsPackage(argv: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): number {
  let values: { 'app-id'?: string; url?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'app-id': { type: 'string' }, url: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const parsed = inputSchema.safeParse({
    appId,
    baseUrl: values.url ?? 'https://pulse.example.com',
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
  const { zip } = buildAppPackage({ appId: parsed.data.appId, baseUrl: parsed.data.baseUrl, version, program: program.value });
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
