import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { slackPlainText } from '../../adapters/slack/text.ts';
import { testDb } from '../helpers/db.ts';
import { ask } from '../intents/ask.ts';

describe('Slack message text', () => {
  it('decodes entities, mentions, channels and links to the words the person typed', () => {
    expect(slackPlainText('show deals with customer City Power &amp; Light')).toBe('show deals with customer City Power & Light');
    expect(slackPlainText('is revenue &gt; 50k &lt;= 60k?')).toBe('is revenue > 50k <= 60k?');
    expect(slackPlainText('<@U0123ABC> how close are we to gold')).toBe('how close are we to gold');
    expect(slackPlainText('ask <@U0123|priya> about <#C0456|partner-team> certs')).toBe('ask @priya about #partner-team certs');
    expect(slackPlainText('see <https://partners.contoso.example/deals|our deals> and <https://x.example>')).toBe('see our deals and https://x.example');
    expect(slackPlainText('<!here> revenue last quarter')).toBe('revenue last quarter');
    expect(slackPlainText('mail <mailto:a@b.example|a@b.example>')).toBe('mail a@b.example');
  });

  describe('as the planner reads it', () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await testDb({ demo: true });
    });

    it('"City Power &amp; Light" as Slack delivers it finds the customer, not a partner called "Light"', async () => {
      const a = await ask(h.db, 'owner@northwind.example', slackPlainText('show deals with customer City Power &amp; Light'));
      expect(a.plan).toMatchObject({ kind: 'intent', intent: 'list_deals', args: { customer: 'City Power & Light' } });
      expect(a.result?.data.count).toBeGreaterThan(0);
    });
  });
});
