import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { answer } from '../../src/core/answer.ts';
import type { Outcome } from '../../src/core/types.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { testDb } from '../helpers/db.ts';
import { appFor, lastAudit, rowCounts } from './test-app.ts';

const OWNER = 'owner@northwind.example';
const NO_PARTNER = 'drifter@northwind.example';

interface Case {
  name: string;
  as?: string;
  text: string;
  outcome: Outcome | Outcome[];
  says?: RegExp;
}

const CASES: Case[] = [
  { name: 'empty text', text: '', outcome: 'bad_input', says: /^Ask me something, for example “how close am I to Gold tier\?”$/ },
  { name: 'whitespace only', text: ' \n\t  ', outcome: 'bad_input', says: /^Ask me something/ },
  {
    name: '20,000 characters',
    text: 'gold '.repeat(4000),
    outcome: 'bad_input',
    says: /^That message is too long \(20,000 characters\); please ask in under 2,000\.$/,
  },
  { name: 'emoji only', text: '🚀🔥', outcome: 'bad_input', says: /couldn't find a question/ },
  { name: 'Chinese', text: '我离金牌级别还有多远？', outcome: ['help', 'clarify'] },
  { name: 'Arabic', text: 'كم أنا قريب من المستوى الذهبي؟', outcome: ['help', 'clarify'] },
  // Hostile text is just words: whatever the planner makes of them, it is a read and one audit row.
  { name: 'SQL injection', text: "'; drop table partners; --", outcome: ['help', 'clarify', 'ok'] },
  // "alert" may be read as the vendor admin's push: refused to anyone else, nothing written.
  { name: 'script tag', text: '<script>alert(1)</script>', outcome: ['help', 'clarify', 'ok', 'denied'] },
  { name: 'NUL and control characters', text: 'how close am I\u0000 to\u0007 Gold tier?', outcome: 'ok' },
  {
    name: 'unknown email',
    as: 'nobody@nowhere.example',
    text: 'how close am I to Gold tier?',
    outcome: 'not_linked',
    says: /^You're not linked to Partner Pulse yet — ask your channel manager to add nobody@nowhere\.example\.$/,
  },
  {
    name: 'user without a partner',
    as: NO_PARTNER,
    text: 'how close am I to Gold tier?',
    outcome: 'not_linked',
    says: /not attached to a partner/,
  },
];

describe('answer: bad and hostile input', () => {
  let app: App;

  beforeAll(async () => {
    const handle = await testDb({ demo: true });
    app = await appFor(handle);
    await handle.db
      .insertInto('users')
      .values({ email: NO_PARTNER, name: 'Drifter', role: 'partner_user', partner_id: null })
      .execute();
  });

  it.each(CASES)('$name → one clear line, one audit row, nothing else written', async (c) => {
    const before = await rowCounts(app.db);
    const r = await answer(app, { ...consoleIdentity(c.as ?? OWNER), text: c.text });
    const after = await rowCounts(app.db);

    expect([c.outcome].flat()).toContain(r.outcome);
    const summary = r.reply.summary;
    expect(summary).not.toMatch(/\n/);
    expect(summary.length).toBeGreaterThan(10);
    expect(summary).not.toMatch(/\bat .+:\d+:\d+|Error:|TypeError|undefined|\[object/);
    if (c.says) expect(summary).toMatch(c.says);

    expect(after.audit_log).toBe((before.audit_log ?? 0) + 1);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });

    const audit = await lastAudit(app.db);
    expect(audit.outcome).toBe(r.outcome);
    expect(audit.platform).toBe('console');
    expect(audit.actor).toBe(c.as ?? OWNER);
    expect([...audit.text].length).toBeLessThanOrEqual(500);
    expect(audit.text).not.toContain('\u0000');
  });

  it('keeps the first 500 characters of a long message in the audit log', async () => {
    const text = `${'🚀'.repeat(300)} how close am I to Gold? ${'x'.repeat(3000)}`;
    const r = await answer(app, { ...consoleIdentity(OWNER), text });
    expect(r.outcome).toBe('bad_input');
    const audit = await lastAudit(app.db);
    expect([...audit.text]).toHaveLength(500);
    expect(audit.text.startsWith('🚀'.repeat(300))).toBe(true);
    expect(audit.intent).toBeNull();
  });

  it('leaves the partners table alone after the injection attempt', async () => {
    const n = await app.db.selectFrom('partners').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(0);
  });
});
