import { declareMetric } from '../declaration.ts';
import { PERSON_CERTIFICATION } from './active-certifications.ts';

export const DEFAULT_EXPIRY_HORIZON_DAYS = 30;

export const expiringCertifications = declareMetric({
  name: 'expiring_certifications',
  label: 'Expiring certifications',
  unit: 'count',
  description:
    'Certifications active today that expire within the next 30 days (or the horizon asked for), each person–certification pair once; a pair already renewed past the horizon is not expiring.',
  synonyms: ['expiring certifications', 'expiring certs', 'certifications expiring', 'certs expiring', 'lapsing certifications', 'certifications about to expire'],
  higherIsBetter: false,
  aggregate: { count: true, distinct: PERSON_CERTIFICATION },
  // Always read at today: an expiry warning about the past helps no one.
  rows: { table: 'certifications', at: 'today', heldFrom: 'earned_on', heldThrough: 'expires_on', endsWithinDays: DEFAULT_EXPIRY_HORIZON_DAYS },
});
