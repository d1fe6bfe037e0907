import { describe, expect, it } from 'vitest';
import { heldCertifications } from '../../src/insights/certification-pairs.ts';
import type { CertificationRow } from '../../src/metrics/partner-data.ts';

const row = (id: number, holder: string, holderEmail: string | null, name: string, expiresOn: string, partnerId = 1): CertificationRow => ({
  id, partnerId, partner: 'P', holder, holderEmail, name, earnedOn: '2026-01-01', expiresOn, daysLeft: 0,
});

describe('heldCertifications', () => {
  it('groups rows into person–certification pairs held until their last expiry', () => {
    const held = heldCertifications([
      row(1, 'Ann', 'ann@x.example', 'Cloud', '2026-12-01'),
      row(2, 'Ann A.', 'ANN@x.example', 'cloud', '2028-01-01'),
      row(3, 'Bob', null, 'Cloud', '2026-12-05'),
      row(4, 'bob', null, 'Cloud', '2026-12-02'),
      row(5, 'Bob', null, 'Cloud', '2026-12-05', 2),
    ]);
    expect(held.map((h) => [h.partnerId, h.holder, h.expiresOn])).toEqual([
      [1, 'Bob', '2026-12-05'],
      [2, 'Bob', '2026-12-05'],
      [1, 'ANN@x.example', '2028-01-01'],
    ]);
  });
});
