import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import type { IntentContext } from '../../intents/types.ts';
import { intentActions } from '../../src/notifications/intent-actions.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, plan, program, run } from '../intents/ask.ts';

// "send my digest by email", "put it back in Slack", "unsubscribe": the chat side of email.

let handle: DbHandle;

beforeAll(async () => {
  handle = await testDb({ demo: true });
});
afterAll(async () => handle?.close());
beforeEach(async () => {
  await handle.db.deleteFrom('digest_subscriptions').execute();
});

async function say(email: string, text: string, emailConfigured = true) {
  const ctx: IntentContext = { ...(await contextFor(handle.db, email)), actions: intentActions(handle.db, program(), { email: emailConfigured }) };
  const p = await plan(ctx, text);
  if (p.kind !== 'intent') throw new Error(`"${text}" was not planned to an intent`);
  return { intent: p.intent, args: p.args, summary: (await run(ctx, p.intent, p.args)).reply.summary };
}

const channel = async () => (await handle.db.selectFrom('digest_subscriptions').select(['channel', 'enabled']).executeTakeFirstOrThrow());

describe('digest by email', () => {
  it('moves the digest to email and back to chat, keeping its day and time', async () => {
    await say(DEMO.emails.manager, 'send me a weekly digest every Thursday at 4:15pm');
    const moved = await say(DEMO.emails.manager, 'could you send my digest by email from now on');
    expect(moved).toMatchObject({ intent: 'digest_subscribe', args: { action: 'subscribe', channel: 'email' } });
    expect(moved.summary).toBe('Done: you will get a digest of your partners’ week Thursdays at 16:15 (America/New_York) by email.');
    expect(await channel()).toEqual({ channel: 'email', enabled: true });
    expect((await say(DEMO.emails.manager, 'what am I subscribed to?')).summary).toBe('You get the weekly digest Thursdays at 16:15 (America/New_York) by email.');

    const back = await say(DEMO.emails.manager, 'actually I want my digest in Teams again');
    expect(back.args).toMatchObject({ channel: 'chat' });
    expect(back.summary).toBe('Done: you will get a digest of your partners’ week Thursdays at 16:15 (America/New_York) in chat.');
    expect(await channel()).toEqual({ channel: 'auto', enabled: true });
  });

  it('says so, and keeps the digest in chat, where email is not set up', async () => {
    const r = await say(DEMO.emails.northwindOwner, 'email me the weekly digest please', false);
    expect(r.summary).toMatch(/^Done: you will get a digest of Northwind Traders’ week Mondays at 08:00 \(.+\)\. Email is not set up on this Partner Pulse, so it comes in chat\.$/);
    expect(await channel()).toEqual({ channel: 'auto', enabled: true });
  });

  it('unsubscribes by chat command, whatever the digest came by', async () => {
    await say(DEMO.emails.manager, 'send my digest by email');
    const r = await say(DEMO.emails.manager, 'unsubscribe me from the digest emails');
    expect(r.args).toMatchObject({ action: 'stop' });
    expect(r.summary).toBe('Done: you will not get the weekly digest any more.');
    expect(await channel()).toEqual({ channel: 'email', enabled: false });
  });
});
