import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSenderFor } from '../../adapters/slack/notify-sender.ts';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { createOutboxWorker } from '../../src/notifications/outbox-worker.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { enqueueAll, FAST, note, until, userId } from './outbox-helpers.ts';

let handle: DbHandle;
let slack: FakeSlack;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack?.close();
  await handle?.close();
});

describe('Slack sender', () => {
  it("DMs a linked user through the real Web API client, with the outbox key as metadata; an unlinked one is undeliverable", async () => {
    const nora = await userId(handle.db, DEMO.emails.northwindOwner);
    const sam = await userId(handle.db, DEMO.emails.northwindSeller);
    await handle.db
      .insertInto('chat_identities')
      .values({ platform: 'slack', workspace_id: slack.teamId, platform_user_id: 'UNORA', user_id: nora })
      .execute();
    await enqueueAll(handle.db, [note(nora, 1), note(sam, 2)]);
    const sender = slackSenderFor({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl });
    if (!sender) throw new Error('no sender');
    const summary = await createOutboxWorker(handle.db, [sender], FAST).runOnce();
    expect(summary).toMatchObject({ sent: 1, undeliverable: 1 });

    const posts = slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('UNORA');
    expect(JSON.stringify(posts[0]?.args.metadata)).toMatch(/pulse_notification.*pulse-\d+-/);
    const rows = await handle.db.selectFrom('notifications').select(['recipient_user_id', 'status', 'platform', 'last_error']).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ recipient_user_id: nora, status: 'sent', platform: 'slack' });
    expect(rows[1]).toMatchObject({ recipient_user_id: sam, status: 'undeliverable' });
    expect(rows[1]?.last_error).toMatch(/no linked Slack account/);
  });

  it('finds a message Slack accepted but whose answer was lost in the DM history, and does not post it again', async () => {
    await handle.db.deleteFrom('notifications').execute();
    slack.reset();
    const nora = await userId(handle.db, DEMO.emails.northwindOwner);
    await enqueueAll(handle.db, [note(nora, 3)]);
    const sender = slackSenderFor({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl });
    if (!sender) throw new Error('no sender');
    slack.script('chat.postMessage', { status: 500, afterHandling: true });
    const worker = createOutboxWorker(handle.db, [sender], FAST);

    expect((await worker.runOnce()).retried).toBe(1);
    const row = () => handle.db.selectFrom('notifications').select(['status', 'uncertain', 'platform_message_id']).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'pending', uncertain: true });

    await until(async () => (await row()).status === 'sent', () => worker.runOnce());
    const posted = slack.callsOf('chat.postMessage');
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(posted).toHaveLength(0);
    const history = slack.callsOf('conversations.history');
    expect(history.length).toBeGreaterThan(0);
    expect(history[0]?.args.channel).toBe('DNORA');
    expect(String(history[0]?.args.include_all_metadata)).toBe('true');
    const sent = await row();
    expect(sent.status).toBe('sent');
    expect(sent.platform_message_id).toMatch(/^\d+\.\d{6}$/);
  });

  it('posts again when the first try never reached Slack', async () => {
    await handle.db.deleteFrom('notifications').execute();
    slack.reset();
    const nora = await userId(handle.db, DEMO.emails.northwindOwner);
    await enqueueAll(handle.db, [note(nora, 4)]);
    const sender = slackSenderFor({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl });
    if (!sender) throw new Error('no sender');
    slack.script('chat.postMessage', { status: 500 });
    const worker = createOutboxWorker(handle.db, [sender], FAST);
    const row = () => handle.db.selectFrom('notifications').select(['status']).executeTakeFirstOrThrow();
    await until(async () => (await row()).status === 'sent', () => worker.runOnce());
    expect(slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
  });
});
