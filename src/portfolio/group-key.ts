import { createHash } from 'node:crypto';
import type { PartnerInfo } from '../metrics/partner-data.ts';
import type { Program } from '../program/schema.ts';

/** The exact group, as a short key: the partners' ids, sorted, hashed. */
export function groupKey(partners: readonly PartnerInfo[]): string {
  const ids = partners.map((p) => p.id).sort((a, b) => a - b);
  return `${ids.length}:${createHash('sha1').update(ids.join(',')).digest('base64url')}`;
}

const programIds = new WeakMap<Program, number>();
let nextProgram = 1;

/** Which program a result was computed under (tiers, windows, review cadence): one number per loaded program. */
export function programKey(program: Program): number {
  let id = programIds.get(program);
  if (id === undefined) programIds.set(program, (id = nextProgram++));
  return id;
}
