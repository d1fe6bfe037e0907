import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INTENTS } from '../../intents/index.ts';
import type { IntentDef } from '../../intents/types.ts';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import { runIntent } from '../../src/core/run-intent.ts';
import type { Trace } from '../../src/core/trace.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import type { App } from '../../src/app.ts';
import { answer } from '../../src/core/answer.ts';
import { ERROR_TEXT, NOT_FOUND_TEXT } from '../../src/core/replies.ts';
import { Forbidden } from '../../src/errors.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import type { Plan, Planner } from '../../src/planner/types.ts';
import { testDb } from '../helpers/db.ts';
import { appFor, lastAudit, rowCounts } from './test-app.ts';
import { DEFAULT_FORMAT } from '../../src/reply/format.ts';

const OWNER = 'owner@northwind.example';

/** A planner that returns a fixed plan (or throws): the Planner contract, not a mock of ours. */
const scripted = (plan: () => Plan | Promise<Plan>): Planner => ({ name: 'llm', plan: async () => plan() });

describe('answer', () => {
  let app: App;

  beforeAll(async () => {
    app = await appFor(await testDb({ demo: true }));
  });

  it('answers a partner’s tier question with requirements, and audits intent and args', async () => {
    const before = await rowCounts(app.db);
    const r = await answer(app, { ...consoleIdentity(OWNER), text: 'how close am I to Gold tier?' });
    expect(r.outcome).toBe('ok');
    expect(r.planner).toBe('rules');
    expect(r.intent).toBeTruthy();
    expect(r.user?.email).toBe(OWNER);
    expect(r.reply.requirements?.length).toBeGreaterThan(0);
    expect(r.reply.sensitive).toBe(true);
    expect(r.deliver).toBe('in_place');

    const after = await rowCounts(app.db);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    const audit = await lastAudit(app.db);
    expect(audit).toMatchObject({ outcome: 'ok', intent: r.intent, actor: OWNER, platform: 'console' });
    expect(audit.args).toEqual(r.args);
    expect(audit.user_id).toBeTypeOf('number');
  });

  it('sends partner data to the asker only when asked in a shared channel', async () => {
    const r = await answer(app, {
      ...consoleIdentity(OWNER),
      text: 'how close am I to Gold tier?',
      channel: { kind: 'shared' },
    });
    expect(r.outcome).toBe('ok');
    expect(r.deliver).toBe('asker_only');
  });

  it('denies an intent the role may not use, politely, without running it', async () => {
    const managersOnly: IntentDef = {
      name: 'push_alert',
      description: 'Sends an alert to partners.',
      args: z.object({}),
      label: 'Push alert',
      examples: [],
      rephrase: () => 'Alert my partners',
      roles: ['channel_manager', 'vendor_admin'],
      handler: async () => {
        throw new Error('must not run');
      },
    };
    const id = await userIdByEmail(app.db, OWNER);
    const principal = await loadPrincipal(app.db, id ?? 0);
    if (!principal.ok) throw new Error(principal.error.message);
    const ctx = {
      principal: principal.value,
      program: app.program,
      data: createPartnerData(app.db, principal.value, '2026-11-23'),
      format: DEFAULT_FORMAT,
      today: '2026-11-23',
      now: new Date('2026-11-23T12:00:00Z'),
    };
    const trace: Trace = { userId: id ?? null, actor: OWNER, user: null, planner: 'rules', intent: null, args: {} };
    const step = await runIntent(managersOnly, {}, ctx, trace);
    expect(step.outcome).toBe('denied');
    expect(step.reply.summary).toBe(
      "Sorry, that question is for channel managers and vendor admins; you're signed in as a partner admin.",
    );
    expect(step.detail).toBe('role partner_admin may not use push_alert');
    expect(trace.intent).toBe('push_alert');
  });

  it('turns arguments that fail the intent’s schema into one line', async () => {
    const def = INTENTS.find((i) => i.roles.includes('partner_admin') && Object.keys(i.args.shape).length > 0);
    expect(def).toBeDefined();
    const key = Object.keys(def?.args.shape ?? {})[0] ?? '';
    const r = await answer(
      app,
      { ...consoleIdentity(OWNER), text: 'anything' },
      { planner: scripted(() => ({ kind: 'intent', intent: def?.name ?? '', args: { [key]: { not: ['valid'] } } })) },
    );
    expect(r.outcome).toBe('bad_input');
    expect(r.reply.summary).toMatch(/^I couldn't answer that \(.+\); try rephrasing it\.$/);
    expect(r.reply.summary).toContain(key);
    expect((await lastAudit(app.db)).outcome).toBe('bad_input');
  });

  it('words Forbidden like a partner that does not exist, and audits it as denied', async () => {
    const r = await answer(
      app,
      { ...consoleIdentity(OWNER), text: 'how is partner 999 doing' },
      {
        planner: scripted(() => {
          throw new Forbidden(999);
        }),
      },
    );
    expect(r.outcome).toBe('denied');
    expect(r.reply.summary).toBe(NOT_FOUND_TEXT);
    const audit = await lastAudit(app.db);
    expect(audit.outcome).toBe('denied');
    expect(audit.detail).toContain('999');
  });

  it('audits a partner outside the scope as denied, worded like one that does not exist', async () => {
    const outside = await answer(app, { ...consoleIdentity(OWNER), text: 'how is Fabrikam Systems doing?' });
    const nowhere = await answer(app, { ...consoleIdentity(OWNER), text: 'how is Zyxwv Systems doing?' });
    for (const r of [outside, nowhere]) {
      expect(r.outcome).toBe('denied');
      expect(r.reply.summary).toMatch(/^I can't find a partner called “.+” among the partners you can see\.$/);
      expect(r.reply.facts).toEqual([]);
    }
    const audits = await app.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(2).execute();
    expect(audits.map((x) => x.outcome)).toEqual(['denied', 'denied']);
    expect(audits[1]?.detail).toMatch(/^not_found: /);
  });

  it('answers an unexpected exception with a friendly line; the cause goes to the audit detail only', async () => {
    const before = await rowCounts(app.db);
    const r = await answer(
      app,
      { ...consoleIdentity(OWNER), text: 'how close am I to Gold tier?' },
      {
        planner: scripted(() => {
          throw new TypeError('cannot read properties of undefined (reading "x")');
        }),
      },
    );
    expect(r.outcome).toBe('error');
    expect(r.reply.summary).toBe(ERROR_TEXT);
    expect(JSON.stringify(r)).not.toContain('reading');
    const audit = await lastAudit(app.db);
    expect(audit.outcome).toBe('error');
    expect(audit.detail).toContain('cannot read properties');
    const after = await rowCounts(app.db);
    expect(after.audit_log).toBe((before.audit_log ?? 0) + 1);
  });

  it('offers help when the planner names an intent that does not exist', async () => {
    const r = await answer(
      app,
      { ...consoleIdentity(OWNER), text: 'launch the rockets' },
      { planner: scripted(() => ({ kind: 'intent', intent: 'launch_rockets', args: {} })) },
    );
    expect(r.outcome).toBe('help');
    expect(r.reply.suggestions.length).toBeGreaterThan(0);
    expect((await lastAudit(app.db)).detail).toBe('unknown intent launch_rockets');
  });

  it('passes a clarifying question through with its options', async () => {
    const r = await answer(
      app,
      { ...consoleIdentity(OWNER), text: 'how are they doing' },
      {
        planner: scripted(() => ({
          kind: 'clarify',
          clarify: { question: 'Which partner do you mean?', options: [{ label: 'Northwind', text: 'how is Northwind doing' }] },
        })),
      },
    );
    expect(r.outcome).toBe('clarify');
    expect(r.reply.summary).toBe('Which partner do you mean?');
    expect(r.reply.clarify?.options).toHaveLength(1);
  });
});
