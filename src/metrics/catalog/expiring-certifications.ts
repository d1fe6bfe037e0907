import { sql } from 'kysely';
import { plusDays } from '../calendar.ts';
import type { MetricDef } from '../types.ts';

export const DEFAULT_EXPIRY_HORIZON_DAYS = 30;

export const expiringCertifications: MetricDef = {
  name: 'expiring_certifications',
  label: 'Expiring certifications',
  unit: 'count',
  kind: 'stock',
  aggregation: 'count',
  description: 'Certifications active today that expire within the next 30 days (or the horizon asked for).',
  synonyms: ['expiring certifications', 'expiring certs', 'certifications expiring', 'certs expiring', 'lapsing certifications', 'certifications about to expire'],
  higherIsBetter: false,
  // Always read at today: an expiry warning about the past helps no one.
  parts: (src, _period, filters, today) => {
    const within = filters.withinDays !== undefined && filters.withinDays >= 0 ? Math.floor(filters.withinDays) : DEFAULT_EXPIRY_HORIZON_DAYS;
    return src
      .from('certifications')
      .select(['partner_id', sql<number>`count(*)`.as('num'), sql<null>`null`.as('den')])
      .where('earned_on', '<=', today)
      .where('expires_on', '>=', today)
      .where('expires_on', '<=', plusDays(today, within))
      .groupBy('partner_id')
      .execute();
  },
};
