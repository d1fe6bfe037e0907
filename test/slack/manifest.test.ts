import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/app.ts';
import { BOT_EVENTS, SLASH_COMMAND } from '../../adapters/slack/listeners/index.ts';
import { slackManifest } from '../../adapters/slack/manifest.ts';
import { programSchema } from '../../src/program/schema.ts';
import { program } from '../intents/ask.ts';

interface Manifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; description: string; usage_hint?: string }[];
    assistant_view: { assistant_description: string; suggested_prompts: { title: string; message: string }[] };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('declares the bot user, /pulse with a usage hint, and an App Home with both tabs', () => {
    expect(manifest.features.bot_user.display_name).toBe('Partner Pulse');
    const [cmd, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(cmd?.command).toBe(SLASH_COMMAND);
    expect(cmd?.usage_hint?.length).toBeGreaterThan(0);
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    // Slack's limits for the listing texts.
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description?.length).toBeGreaterThanOrEqual(175);
  });

  it("opens Slack's assistant view with a description and at most four suggested prompts", () => {
    const view = manifest.features.assistant_view;
    expect(view.assistant_description.length).toBeGreaterThan(0);
    expect(view.suggested_prompts.length).toBeGreaterThan(0);
    expect(view.suggested_prompts.length).toBeLessThanOrEqual(4);
    for (const p of view.suggested_prompts) expect(p.message.length).toBeGreaterThan(0);
  });

  it('subscribes exactly to the events the listeners handle, on the one request path', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0]?.url]) {
      expect(new URL(url ?? '').pathname).toBe(SLACK_EVENTS_PATH);
    }
  });

  it('asks for the scopes the adapter uses, and no others', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read', // app_mention
        'assistant:write', // assistant.threads.setSuggestedPrompts, setStatus, setTitle
        'channels:read', // conversations.info (public)
        'chat:write', // postMessage, postEphemeral, update, delete
        'commands', // /pulse
        'files:write', // files.uploadV2 for PNG charts
        'groups:read', // conversations.info (private)
        'im:history', // message.im; conversations.history to reconcile an uncertain send
        'im:write', // conversations.open for that reconciliation
        'im:read', // conversations.info (DM)
        'mpim:read', // conversations.info (group DM)
        'users:read', // users.info
        'users:read.email', // the verified email that links a person
      ].sort(),
    );
  });
});

describe("the manifest speaks the program's words", () => {
  it('manifest.yml is what `pulse slack manifest` prints for program.yml (the usage hint and prompts in its tier names)', () => {
    expect(slackManifest(program())).toBe(readFileSync('manifest.yml', 'utf8'));
    expect(manifest.features.slash_commands[0]?.usage_hint).toBe('how close am I to Gold?');
    expect(manifest.features.assistant_view.suggested_prompts.map((p) => p.message)).toContain('How close am I to Gold?');
  });

  it('a Bronze/Elite program never says Gold, and nothing but the hint and the prompts changes', () => {
    const other = programSchema.parse({
      vendor: 'Litware',
      portal: 'https://partners.litware.example',
      tiers: [
        { name: 'Bronze', requirements: [] },
        { name: 'Elite', requirements: [{ metric: 'revenue', min: 100000, window: 'trailing_12_months' }] },
      ],
    });
    const text = slackManifest(other);
    const m = parse(text) as Manifest;
    expect(m.features.slash_commands[0]?.usage_hint).toBe('how close am I to Elite?');
    expect(m.features.assistant_view.suggested_prompts.map((p) => p.message)).toEqual([
      'How close am I to Elite?',
      'What do Elite partners get?',
      'Which certifications expire in the next 30 days?',
      'What can you do?',
    ]);
    expect(text).not.toMatch(/\b(Gold|Platinum)\b/);
    const words = (x: Manifest) => ({
      ...x,
      features: { ...x.features, slash_commands: [], assistant_view: { ...x.features.assistant_view, suggested_prompts: [] } },
    });
    expect(words(m)).toEqual(words(manifest));
  });
});
