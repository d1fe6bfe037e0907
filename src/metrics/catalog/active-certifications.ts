import { declareMetric } from '../declaration.ts';

/**
 * A person (email, else name) and a certification name, both case-insensitive: counted once however
 * many rows hold it. Stored by the database as `pair_key` (a hash of exactly that; see the
 * 2026_11_23_2000 migration), so a count over thousands of partners stays an index-only scan.
 * Without it this would read `[{ firstOf: ['holder_email', 'holder_name'] }, { column: 'name', caseless: true }]`.
 */
export const PERSON_CERTIFICATION = [{ column: 'pair_key' }] as const;

export const activeCertifications = declareMetric({
  name: 'active_certifications',
  label: 'Active certifications',
  unit: 'count',
  description:
    "Certifications held on the period's last day (or today, if sooner): earned by then and not yet expired, each person–certification pair counted once (a renewal recorded as a new row is not a second certification).",
  synonyms: ['certifications', 'certs', 'active certifications', 'active certs', 'certified people', 'certified staff', 'accreditations', 'certified'],
  higherIsBetter: true,
  aggregate: { count: true, distinct: PERSON_CERTIFICATION },
  rows: { table: 'certifications', at: 'period_end', heldFrom: 'earned_on', heldThrough: 'expires_on' },
});
