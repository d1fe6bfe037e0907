import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/** Rows in which the rollups and a fresh aggregate of the raw tables differ (both ways). */
export async function rollupDrift(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`
    with rev as (select partner_id, date_trunc('month', booked_on)::date as month, sum(amount_cents)::bigint as amount_cents, count(*)::int as lines
                   from revenue group by 1, 2),
         live as (select partner_id, month, amount_cents, lines from revenue_months where lines <> 0 or amount_cents <> 0),
         d as (select partner_id, 'submitted' as basis, date_trunc('month', submitted_on)::date as month, status, co_sell, amount_cents from deal_registrations
               union all
               select partner_id, 'closed', date_trunc('month', closed_on)::date, status, co_sell, amount_cents from deal_registrations where closed_on is not null),
         deals as (select partner_id, basis, month, status, co_sell, count(*)::int as deals, sum(amount_cents)::bigint as amount_cents from d group by 1, 2, 3, 4, 5),
         dlive as (select partner_id, basis, month, status, co_sell, deals, amount_cents from deal_months where deals <> 0)
    select ((select count(*) from (select * from rev except select * from live) a)
          + (select count(*) from (select * from live except select * from rev) b)
          + (select count(*) from (select * from deals except select * from dlive) c)
          + (select count(*) from (select * from dlive except select * from deals) e))::int as n`.execute(db);
  return r.rows[0]?.n ?? -1;
}

