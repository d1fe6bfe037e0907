import type pg from 'pg';
import { INTENTS } from '../intents/index.ts';

export interface Question {
  /** The intent whose example this question is; the planner decides what actually runs. */
  intent: string;
  email: string;
  partnerId: number;
  text: string;
}

export interface Asker {
  email: string;
  partnerId: number;
}

/**
 * Partner users of `count` partners spread evenly over the id range (small, middling and large
 * partners alike; the generator sizes partners by tier, not by id), one user each.
 */
export async function sampleAskers(pool: pg.Pool, count: number): Promise<Asker[]> {
  const r = await pool.query<{ email: string; partner_id: number }>(
    `with p as (select id, ntile($1) over (order by id) as bucket from partners),
          pick as (select min(id) as id from p group by bucket)
     select distinct on (u.partner_id) u.email, u.partner_id
       from users u join pick on pick.id = u.partner_id
      where u.role in ('partner_user', 'partner_admin')
      order by u.partner_id, u.role desc, u.id`,
    [count],
  );
  return r.rows.map((x) => ({ email: x.email, partnerId: x.partner_id }));
}

/**
 * Every registered intent × `perIntent` questions: the intent's own example utterances asked by
 * the sampled partner users in turn, so each intent sees many partners and every phrasing.
 */
export function buildQuestions(askers: readonly Asker[], perIntent: number): Question[] {
  const out: Question[] = [];
  if (askers.length === 0) return out;
  for (const def of INTENTS) {
    const examples = def.examples.length > 0 ? def.examples : [def.name.replace(/_/g, ' ')];
    for (let i = 0; i < perIntent; i++) {
      const a = askers[i % askers.length] as Asker;
      out.push({ intent: def.name, email: a.email, partnerId: a.partnerId, text: examples[i % examples.length] as string });
    }
  }
  return out;
}

/** A fixed shuffle, so intents interleave (no intent enjoys a cache warmed by its own twin). */
export function interleave<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
