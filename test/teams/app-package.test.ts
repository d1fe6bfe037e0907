import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runTeamsPackage } from '../../adapters/teams/app-package/main.ts';
import { botCommands, MANIFEST_VERSION } from '../../adapters/teams/app-package/manifest.ts';
import { program } from '../intents/ask.ts';
import { programSchema } from '../../src/program/schema.ts';
import { buildAppPackage } from '../../adapters/teams/app-package/package.ts';
import { pngSize } from '../../adapters/teams/render/images.ts';

interface Manifest {
  manifestVersion: string;
  id: string;
  version: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
  developer: Record<string, string>;
  validDomains: string[];
}

const APP_ID = '11111111-2222-4333-8444-555555555555';
const DEVELOPER = { websiteUrl: 'https://contoso.example/', privacyUrl: 'https://contoso.example/privacy', termsOfUseUrl: 'https://contoso.example/terms' };

describe('Teams app package', () => {
  const { zip } = buildAppPackage({ appId: APP_ID, baseUrl: 'https://pulse.contoso.example', developer: DEVELOPER, version: '0.1.0', program: program() });
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['manifest.json'] ?? new Uint8Array())) as Manifest;

  it('holds manifest.json (v1.22, the current schema) and both icons at the root of the zip', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.validDomains).toEqual(['pulse.contoso.example']);
    // The vendor's own pages, as given: nothing on pulse serve's host, which serves none of them.
    expect(manifest.developer).toEqual({ name: 'Partner Pulse', ...DEVELOPER });
  });

  it('declares the bot in personal, team and group chat scopes with Teams’ text limits kept', () => {
    const [bot] = manifest.bots;
    expect(bot?.botId).toBe(APP_ID);
    expect([...(bot?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    const commands = bot?.commandLists[0]?.commands ?? [];
    expect(commands.length).toBeGreaterThan(3);
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    // The Slack examples people see in its README and App Home.
    expect(commands.map((c) => c.title)).toContain('how close am I to Gold?');
    expect(commands).toEqual(botCommands(program()));
  });

  it("speaks the program's tier names: a Bronze/Elite program's commands never say Gold", () => {
    const other = programSchema.parse({
      vendor: 'Litware',
      portal: 'https://partners.litware.example',
      tiers: [
        { name: 'Bronze', requirements: [] },
        { name: 'Elite', requirements: [{ metric: 'revenue', min: 100000, window: 'trailing_12_months' }] },
      ],
    });
    const built = buildAppPackage({ appId: APP_ID, baseUrl: 'https://pulse.litware.example', developer: DEVELOPER, version: '0.1.0', program: other });
    const text = strFromU8(unzipSync(built.zip)['manifest.json'] ?? new Uint8Array());
    expect(text).toContain('how close am I to Elite?');
    expect(text).not.toMatch(/Gold|Platinum|Silver/);
  });

  it('draws the icons at Teams’ sizes: 192 px colour, 32 px white-on-transparent outline', () => {
    expect(pngSize(Buffer.from(files['color.png'] ?? []))).toEqual({ width: 192, height: 192 });
    expect(pngSize(Buffer.from(files['outline.png'] ?? []))).toEqual({ width: 32, height: 32 });
    const outlineSvg = readFileSync('adapters/teams/app-package/outline.svg', 'utf8');
    expect(outlineSvg.match(/#[0-9a-f]{3,6}\b/gi)?.every((c) => c.toLowerCase() === '#ffffff')).toBe(true);
    expect(outlineSvg).not.toMatch(/<rect/);
  });

  it('is the same bytes for the same inputs', () => {
    const again = buildAppPackage({ appId: APP_ID, baseUrl: 'https://pulse.contoso.example', developer: DEVELOPER, version: '0.1.0', program: program() });
    expect(Buffer.from(again.zip).equals(Buffer.from(zip))).toBe(true);
  });

  it('refuses a bad app id, a missing or non-HTTPS URL, and missing privacy or terms pages with one line, writing nothing', () => {
    const pages = ['--privacy-url', 'https://contoso.example/privacy', '--terms-url', 'https://contoso.example/terms'];
    const url = ['--url', 'https://pulse.contoso.example'];
    const lines: string[] = [];
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runTeamsPackage([...args, '--out', 'out/teams/never.zip'], env, (l) => lines.push(l));
    expect(run(['--app-id', 'not-a-guid', ...url, ...pages])).toBe(1);
    expect(run(['--url', 'http://pulse.example', ...pages])).toBe(1);
    expect(run(pages)).toBe(1);
    expect(run([...url, '--terms-url', 'https://contoso.example/terms'])).toBe(1);
    expect(run([...url, '--privacy-url', 'https://contoso.example/privacy'])).toBe(1);
    expect(run([...url, ...pages.slice(0, 2), '--terms-url', 'http://contoso.example/terms'])).toBe(1);
    expect(lines).toEqual([
      '--app-id / MICROSOFT_APP_ID must be the Azure Bot’s Microsoft App ID (a GUID)',
      '--url must start with https://',
      '--url is required (the public HTTPS URL of pulse serve; Teams only calls HTTPS bots)',
      '--privacy-url / TEAMS_PRIVACY_URL is required (your privacy statement, linked from the app in Teams)',
      '--terms-url / TEAMS_TERMS_URL is required (your terms of use, linked from the app in Teams)',
      '--terms-url / TEAMS_TERMS_URL must start with https://',
    ]);
    expect(existsSync('out/teams/never.zip')).toBe(false);
  });

  it('takes the pages from TEAMS_PRIVACY_URL and TEAMS_TERMS_URL, and the website from the privacy page’s site', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-teams-'));
    const out = join(dir, 'app.zip');
    const lines: string[] = [];
    const env = { TEAMS_PRIVACY_URL: 'https://litware.example/legal/privacy', TEAMS_TERMS_URL: 'https://litware.example/legal/terms', MICROSOFT_APP_ID: APP_ID };
    expect(runTeamsPackage(['--url', 'https://pulse.litware.example', '--out', out], env, (l) => lines.push(l))).toBe(0);
    const written = JSON.parse(strFromU8(unzipSync(readFileSync(out))['manifest.json'] ?? new Uint8Array())) as Manifest;
    expect(written.developer).toEqual({
      name: 'Partner Pulse',
      websiteUrl: 'https://litware.example/',
      privacyUrl: 'https://litware.example/legal/privacy',
      termsOfUseUrl: 'https://litware.example/legal/terms',
    });
    expect(lines).toEqual([`Teams app package written to ${out} (${readFileSync(out).length} bytes)`]);
    rmSync(dir, { recursive: true, force: true });
  });
});
