import type { CertificationRow } from '../metrics/partner-data.ts';

/** A person holding a certification, whatever number of rows record it (a renewal is often a new row). */
export interface HeldCertification {
  partnerId: number;
  /** The person: email when present, else name (as written on the latest row). */
  holder: string;
  name: string;
  /** The latest expiry among its rows: the day the person stops holding it. */
  expiresOn: string;
  daysLeft: number;
}

/**
 * Rows grouped into person–certification pairs, as active certifications count them: the person by
 * email when present, else by name, case-insensitively; each pair held until its last expiry.
 * Soonest expiry first.
 */
export function heldCertifications(rows: readonly CertificationRow[]): HeldCertification[] {
  const byPair = new Map<string, HeldCertification>();
  for (const r of rows) {
    const person = (r.holderEmail?.trim() || r.holder.trim()).toLowerCase();
    const key = `${r.partnerId}\u001f${person}\u001f${r.name.trim().toLowerCase()}`;
    const seen = byPair.get(key);
    if (!seen || r.expiresOn > seen.expiresOn) {
      byPair.set(key, { partnerId: r.partnerId, holder: r.holderEmail?.trim() || r.holder, name: r.name, expiresOn: r.expiresOn, daysLeft: r.daysLeft });
    }
  }
  return [...byPair.values()].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.holder.localeCompare(b.holder));
}
