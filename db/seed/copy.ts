import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DealRow, IncentiveRow, LeadRow, MdfRow, PartnerRow, RenewalRow, RevenueRow, UserRow, CertificationRow } from './rows.ts';

// COPY ... FROM STDIN in Postgres's text format: one line per row, tab-separated, \N for NULL.
// Rows are turned into text as they are generated and streamed in chunks, so memory stays flat
// however many millions of rows go in.

const CHUNK_CHARS = 256 * 1024;
const SPECIAL = /[\\\t\n\r]/;

export function copyText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const opt = (s: string | null): string => (s === null ? '\\N' : copyText(s));
const optNum = (n: number | null): string => (n === null ? '\\N' : String(n));

/** A table's COPY column list and how one row becomes one line. */
export interface CopyFormat<R> {
  columns: readonly string[];
  line: (id: number, r: R) => string;
}

export const USER_COPY: CopyFormat<UserRow> = {
  columns: ['id', 'email', 'name', 'role', 'partner_id', 'time_zone'],
  line: (_id, u) => `${u.id}\t${copyText(u.email)}\t${copyText(u.name)}\t${u.role}\t${optNum(u.partner_id)}\t${copyText(u.time_zone)}\n`,
};

export const PARTNER_COPY: CopyFormat<PartnerRow> = {
  columns: ['id', 'external_id', 'name', 'tier', 'type', 'region', 'parent_id', 'channel_manager_id', 'joined_on'],
  line: (_id, p) =>
    `${p.id}\t${copyText(p.external_id)}\t${copyText(p.name)}\t${copyText(p.tier)}\t${p.type}\t${p.region}\t${optNum(p.parent_id)}\t${optNum(p.channel_manager_id)}\t${p.joined_on}\n`,
};

export const DEAL_COPY: CopyFormat<DealRow> = {
  columns: ['id', 'partner_id', 'customer', 'product', 'amount_cents', 'status', 'co_sell', 'submitted_on', 'decided_on', 'closed_on', 'expires_on'],
  line: (id, d) =>
    `${id}\t${d.partner_id}\t${copyText(d.customer)}\t${copyText(d.product)}\t${d.amount_cents}\t${d.status}\t${d.co_sell ? 't' : 'f'}\t${d.submitted_on}\t${opt(d.decided_on)}\t${opt(d.closed_on)}\t${opt(d.expires_on)}\n`,
};

export const REVENUE_COPY: CopyFormat<RevenueRow> = {
  columns: ['id', 'partner_id', 'product_line', 'customer', 'amount_cents', 'booked_on'],
  line: (id, r) => `${id}\t${r.partner_id}\t${copyText(r.product_line)}\t${copyText(r.customer)}\t${r.amount_cents}\t${r.booked_on}\n`,
};

export const LEAD_COPY: CopyFormat<LeadRow> = {
  columns: ['id', 'partner_id', 'source', 'created_on', 'converted_on'],
  line: (id, l) => `${id}\t${l.partner_id}\t${copyText(l.source)}\t${l.created_on}\t${opt(l.converted_on)}\n`,
};

export const CERTIFICATION_COPY: CopyFormat<CertificationRow> = {
  columns: ['id', 'partner_id', 'holder_user_id', 'holder_name', 'holder_email', 'name', 'earned_on', 'expires_on'],
  line: (id, c) =>
    `${id}\t${c.partner_id}\t${optNum(c.holder_user_id)}\t${copyText(c.holder_name)}\t${opt(c.holder_email)}\t${copyText(c.name)}\t${c.earned_on}\t${c.expires_on}\n`,
};

export const MDF_COPY: CopyFormat<MdfRow> = {
  columns: ['id', 'partner_id', 'allocated_cents', 'claimed_cents', 'approved_cents', 'allocated_on', 'expires_on'],
  line: (id, m) => `${id}\t${m.partner_id}\t${m.allocated_cents}\t${m.claimed_cents}\t${m.approved_cents}\t${m.allocated_on}\t${m.expires_on}\n`,
};

export const INCENTIVE_COPY: CopyFormat<IncentiveRow> = {
  columns: ['id', 'partner_id', 'kind', 'period_start', 'period_end', 'amount_cents', 'status', 'paid_on'],
  line: (id, i) => `${id}\t${i.partner_id}\t${i.kind}\t${i.period_start}\t${i.period_end}\t${i.amount_cents}\t${i.status}\t${opt(i.paid_on)}\n`,
};

export const RENEWAL_COPY: CopyFormat<RenewalRow> = {
  columns: ['id', 'partner_id', 'customer', 'amount_cents', 'due_on', 'status', 'renewed_on'],
  line: (id, r) => `${id}\t${r.partner_id}\t${copyText(r.customer)}\t${r.amount_cents}\t${r.due_on}\t${r.status}\t${opt(r.renewed_on)}\n`,
};

/**
 * Streams rows into `table` with COPY. `batches` yields rows a partner at a time; ids are given
 * from 1 up. FREEZE writes the rows already frozen, which Postgres allows because the caller
 * truncated the table in this same transaction, and spares a later VACUUM rewriting every page.
 */
export async function copyRows<R>(
  client: pg.PoolClient,
  table: string,
  format: CopyFormat<R>,
  batches: Iterable<readonly R[]>,
  opts: { freeze?: boolean; onRows?: (total: number) => void } = {},
): Promise<number> {
  let id = 0;
  function* text(): Generator<string> {
    let buf = '';
    for (const rows of batches) {
      for (const r of rows) buf += format.line(++id, r);
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
        opts.onRows?.(id);
      }
    }
    if (buf) yield buf;
  }
  const cols = format.columns.map((c) => client.escapeIdentifier(c)).join(', ');
  const sql = `COPY ${client.escapeIdentifier(table)} (${cols}) FROM STDIN${opts.freeze ? ' WITH (FREEZE)' : ''}`;
  await pipeline(Readable.from(text(), { objectMode: false }), client.query(copyFrom(sql)));
  return id;
}
