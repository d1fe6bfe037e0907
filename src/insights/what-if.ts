import { fail, ok, type Result } from '../errors.ts';
import type { MetricName } from '../metrics/names.ts';
import type { OpenDealsTotal } from '../metrics/reads/open-work.ts';
import { gapOf, meets } from '../program/bounds.ts';
import { DEFAULT_FORMAT, type Formatter } from '../reply/format.ts';
import type { RequirementRow } from '../reply/types.ts';

export const SCENARIOS = ['open_deals_close', 'add_certifications', 'add_revenue', 'win_deals', 'metric_at'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Beyond these a what-if is not a plan but a typo: answered with one line, no chart. */
export const LIMITS = { people: 1000, deals: 10_000, dollars: 1_000_000_000 } as const;

/** What a scenario adds to each metric it touches (built-in ones: a scenario is about deals, revenue and people). */
export type Changes = Partial<Record<MetricName, number>>;

/**
 * The number a scenario needs, checked: whole and positive for people and deals, positive for
 * money, and within LIMITS. `open_deals_close` takes no number.
 */
export function checkAmount(scenario: Scenario, amount: number | undefined, f: Formatter = DEFAULT_FORMAT): Result<number | undefined> {
  if (scenario === 'open_deals_close') return ok(undefined);
  if (scenario === 'metric_at') {
    if (amount === undefined || !Number.isFinite(amount)) return fail('bad_input', 'At what value? Ask with a number, for example “what if our defect rate were 300 ppm?”');
    if (amount < 0) return fail('bad_input', `A figure of ${f.count(amount)} is not one a partner can have; try zero or more.`);
    return ok(amount);
  }
  const what = scenario === 'add_certifications' ? 'certifications' : scenario === 'win_deals' ? 'deals' : 'revenue';
  if (amount === undefined) {
    const example = scenario === 'add_revenue' ? '“what if we book another $50,000?”' : `“what if we ${scenario === 'win_deals' ? 'win 3 more deals' : 'certify 2 more people'}?”`;
    return fail('bad_input', `How many more ${what}? Ask with a number, for example ${example}`);
  }
  if (!Number.isFinite(amount)) return fail('bad_input', `That is not a number I can use for a what-if on ${what}.`);
  if (amount <= 0) {
    return fail('bad_input', `A what-if adds something: ${amount === 0 ? 'zero' : f.count(amount)} ${what} would not change anything I can project; try a positive number.`);
  }
  if (scenario === 'add_revenue') {
    if (amount > LIMITS.dollars) return fail('bad_input', `${f.money(amount)} is beyond any realistic booking; try an amount up to ${f.money(LIMITS.dollars)}.`);
    return ok(amount);
  }
  if (!Number.isInteger(amount)) return fail('bad_input', `${what === 'deals' ? 'Deals' : 'People'} come in whole numbers; try ${Math.max(1, Math.round(amount))}.`);
  const limit = scenario === 'add_certifications' ? LIMITS.people : LIMITS.deals;
  if (amount > limit) {
    return fail('bad_input', `${f.count(amount)} more ${what} is not a realistic plan; I answer what-ifs up to ${f.count(limit)}.`);
  }
  return ok(amount);
}

/**
 * What each scenario adds. Open deals: every approved, still-valid registration closes as won,
 * adding its amount to revenue and one won (and co-sell, when it is one) deal each. Winning n
 * deals: n won deals, each worth the average open approved deal (else the average deal won in
 * the window, given as `averageWon`).
 */
export function scenarioChanges(scenario: Scenario, amount: number | undefined, open: OpenDealsTotal, averageWon: number): Changes {
  switch (scenario) {
    case 'open_deals_close':
      return { revenue: open.amount, won_deals: open.count, co_sell_deals: open.coSell };
    case 'add_certifications':
      return { active_certifications: amount ?? 0 };
    case 'add_revenue':
      return { revenue: amount ?? 0 };
    case 'win_deals': {
      const n = amount ?? 0;
      const each = open.count > 0 ? open.amount / open.count : averageWon;
      return { won_deals: n, revenue: Math.round(n * each * 100) / 100 };
    }
    // A figure set outright (applySet), not added to.
    case 'metric_at':
      return {};
  }
}

/**
 * The requirements with one figure set outright ("if our defect rate were 300 ppm", "if on-time
 * delivery reached 96%"): any metric, a vendor's own too, against a minimum or a maximum.
 */
export function applySet(rows: readonly RequirementRow[], metric: string, value: number): RequirementRow[] {
  return rows.map((r) => {
    if (r.metric !== metric) return { ...r };
    const current = round(value, r.unit);
    const b = { required: r.required, atMost: r.atMost === true };
    return { ...r, current, gap: round(gapOf(current, b), r.unit), met: meets(current, b) };
  });
}

/**
 * The requirements recomputed with the changes; rates and untouched metrics stay as they are. A
 * maximum is met at or under it (more won deals never helps a "revenue at most" cap).
 */
export function applyChanges(rows: readonly RequirementRow[], changes: Changes): RequirementRow[] {
  return rows.map((r) => {
    const add = r.unit === 'percent' ? 0 : (changes[r.metric] ?? 0);
    if (add === 0) return { ...r };
    const current = round(r.current + add, r.unit);
    const b = { required: r.required, atMost: r.atMost === true };
    return { ...r, current, gap: round(gapOf(current, b), r.unit), met: meets(current, b) };
  });
}

const round = (n: number, unit: RequirementRow['unit']): number => {
  const places = unit === 'currency' ? 100 : 10_000;
  return Math.round(n * places) / places;
};
