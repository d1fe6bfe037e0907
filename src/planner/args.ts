import type { IntentPlan } from '../../intents/language.ts';
import type { IntentDef } from '../../intents/types.ts';
import type { Reading } from './analyse.ts';

/** Every value the shared slots give, by argument name; each intent takes the ones its schema has. */
function candidates(a: Reading): Record<string, unknown> {
  const others = a.partners.filter((p) => !(p.inScope && p.name === a.ownPartner));
  return {
    tier: a.tier,
    metric: a.metric?.metric,
    period: a.period,
    compare: a.compare ? true : undefined,
    status: a.status,
    customer: a.customer,
    expiringWithinDays: a.days,
    holder: a.holder,
    partner: others[0]?.name,
    partners: others.length >= 2 ? others.map((p) => p.name) : undefined,
    by: a.deadline,
    region: a.region,
  };
}

type Shape = Record<string, { safeParse: (v: unknown) => { success: boolean } }>;

/** The values the intent's schema accepts, each checked by the schema. */
function accepted(intent: IntentDef, values: Record<string, unknown>): Record<string, unknown> {
  const shape = intent.args.shape as Shape;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || !(key in shape)) continue;
    if (shape[key]?.safeParse(value).success) out[key] = value;
  }
  return out;
}

/** The shared slots and the intent's own, checked by its schema; then the intent's final say. */
export function planArgs(intent: IntentDef, a: Reading): IntentPlan {
  const args = accepted(intent, { ...candidates(a), ...intent.readSlots?.(a) });
  if (!intent.plan) return { args };
  const planned = intent.plan(a, args);
  return 'args' in planned ? { args: accepted(intent, planned.args) } : planned;
}

/** The slot values only (no intent hooks): what a follow-up changes in the previous question. */
export function slotArgs(intent: IntentDef, a: Reading): Record<string, unknown> {
  return accepted(intent, { ...candidates(a), ...intent.readSlots?.(a) });
}
