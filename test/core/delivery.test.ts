import { describe, expect, it } from 'vitest';
import { deliveryFor, HELP_BRIEF, PRIVATE_BRIEF, systemDelivery } from '../../src/core/delivery.ts';
import type { Outcome } from '../../src/core/types.ts';
import { textReply } from '../../src/reply/types.ts';

const AT = '2026-11-23T06:00:00.000Z';
const figures = { ...textReply('Northwind Traders is Silver.', AT), sensitive: true };
const plain = textReply('Gold asks for $500,000 of revenue.', AT);

describe('where a reply goes', () => {
  it('in a DM or the terminal, everything is an ordinary reply', () => {
    for (const channel of [undefined, { kind: 'dm' as const }]) {
      for (const outcome of ['ok', 'help', 'not_linked', 'error', 'clarify', 'denied', 'bad_input'] as Outcome[]) {
        expect(deliveryFor({ channel }, outcome, figures)).toEqual({ deliver: 'in_place' });
      }
    }
  });

  it('where others read: partner data to the asker only, an answer without it for everyone', () => {
    expect(deliveryFor({ channel: { kind: 'shared' } }, 'ok', figures)).toEqual({ deliver: 'asker_only' });
    expect(deliveryFor({ channel: { kind: 'channel' } }, 'ok', plain)).toEqual({ deliver: 'in_place' });
  });

  it('where others read: every system reply to the asker if possible, with a brief that names nothing personal', () => {
    const channel = { kind: 'channel' as const };
    expect(deliveryFor({ channel }, 'help', plain)).toEqual({ deliver: 'asker_if_possible', brief: HELP_BRIEF });
    for (const outcome of ['clarify', 'denied'] as Outcome[]) {
      expect(deliveryFor({ channel }, outcome, textReply('Which partner do you mean: Fabrikam or Northwind?', AT))).toEqual({ deliver: 'asker_if_possible', brief: PRIVATE_BRIEF });
    }
    // Texts written for anyone stand as they are.
    const notLinked = textReply("You're not linked to Partner Pulse yet — ask your channel manager to add your email.", AT);
    expect(deliveryFor({ channel }, 'not_linked', notLinked)).toEqual({ deliver: 'asker_if_possible', brief: notLinked.summary });
    expect(systemDelivery({ channel }, 'busy')).toEqual({ deliver: 'asker_if_possible', brief: 'busy' });
    expect(systemDelivery({ channel: { kind: 'dm' } }, 'busy')).toEqual({ deliver: 'in_place' });
  });
});
