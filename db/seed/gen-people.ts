import type { Calendar } from './calendar.ts';
import { CERTIFICATIONS, personName } from './names.ts';
import type { PartnerPlan } from './plan.ts';
import type { Rng } from './random.ts';
import type { CertificationRow } from './rows.ts';

/** A cert holder: one of the partner's users, or a colleague who never logs in to Pulse. */
function holder(p: PartnerPlan, rng: Rng): Pick<CertificationRow, 'holder_user_id' | 'holder_name' | 'holder_email'> {
  const user = p.users.length > 0 && rng.chance(0.35) ? p.users[rng.int(0, p.users.length - 1)] : undefined;
  if (user) return { holder_user_id: user.id, holder_name: user.name, holder_email: user.email };
  const { first, last } = personName(rng);
  return {
    holder_user_id: null,
    holder_name: `${first} ${last}`,
    // Not every HR export has an e-mail; alerts must cope without one.
    holder_email: rng.chance(0.8) ? `${first}.${last}@${p.slug}.example`.toLowerCase() : null,
  };
}

/**
 * Exactly the planned number of certifications active today (spread over their validity, so some
 * expire within days), plus expired ones from earlier years.
 */
export function certificationRows(p: PartnerPlan, cal: Calendar, rng: Rng): CertificationRow[] {
  const active = p.targets.activeCerts;
  const expired = Math.max(Math.round(active * 0.25), p.volume.certs - active);
  const rows: CertificationRow[] = [];
  for (let i = 0; i < active + expired; i++) {
    const [name, days] = rng.pick(CERTIFICATIONS);
    // Active: earned within its validity, so it expires after today. Expired: ran out before today.
    const earned = i < active ? -rng.int(0, days - 1) : -rng.int(days + 1, Math.min(days + 700, 1500));
    rows.push({
      partner_id: p.row.id,
      ...holder(p, rng),
      name,
      earned_on: cal.day(earned),
      expires_on: cal.day(earned + days),
    });
  }
  return rows;
}
