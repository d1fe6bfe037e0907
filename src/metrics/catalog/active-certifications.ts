import { sql } from 'kysely';
import { plusDays } from '../calendar.ts';
import type { MetricDef } from '../types.ts';

export const activeCertifications: MetricDef = {
  name: 'active_certifications',
  label: 'Active certifications',
  unit: 'count',
  kind: 'stock',
  aggregation: 'count',
  description: "Certifications held on the period's last day (or today, if sooner): earned by then and not yet expired.",
  synonyms: ['certifications', 'certs', 'active certifications', 'active certs', 'certified people', 'certified staff', 'accreditations'],
  higherIsBetter: true,
  parts: (src, period, _filters, today) => {
    const lastDay = plusDays(period.to, -1);
    const on = lastDay < today ? lastDay : today;
    return src
      .from('certifications')
      .select(['partner_id', sql<number>`count(*)`.as('num'), sql<null>`null`.as('den')])
      .where('earned_on', '<=', on)
      .where('expires_on', '>=', on)
      .groupBy('partner_id')
      .execute();
  },
};
