import { readFileSync } from 'node:fs';
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

describe('Teams app package', () => {
  const { zip } = buildAppPackage({ appId: APP_ID, baseUrl: 'https://pulse.contoso.example', version: '0.1.0', program: program() });
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['manifest.json'] ?? new Uint8Array())) as Manifest;

  it('holds manifest.json (v1.17+) and both icons at the root of the zip', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.17);
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.validDomains).toEqual(['pulse.contoso.example']);
    for (const url of Object.values(manifest.developer).filter((v) => v.includes('://'))) expect(url).toMatch(/^https:\/\//);
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
    const built = buildAppPackage({ appId: APP_ID, baseUrl: 'https://pulse.litware.example', version: '0.1.0', program: other });
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
    const again = buildAppPackage({ appId: APP_ID, baseUrl: 'https://pulse.contoso.example', version: '0.1.0', program: program() });
    expect(Buffer.from(again.zip).equals(Buffer.from(zip))).toBe(true);
  });

  it('refuses a bad app id or a non-HTTPS URL with one line, writing nothing', () => {
    const lines: string[] = [];
    expect(runTeamsPackage(['--app-id', 'not-a-guid', '--out', 'out/teams/never.zip'], {}, (l) => lines.push(l))).toBe(1);
    expect(runTeamsPackage(['--url', 'http://pulse.example', '--out', 'out/teams/never.zip'], {}, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([
      '--app-id / MICROSOFT_APP_ID must be the Azure Bot’s Microsoft App ID (a GUID)',
      '--url must start with https:// (Teams only calls HTTPS bots)',
    ]);
  });
});
