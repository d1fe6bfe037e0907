import type { Condition, MetricDeclaration } from './declaration.ts';
import type { Unit } from './units.ts';

// A vendor's own metrics, declared as data in its program file over one generic table of facts:
// (partner, fact key, day, value, optional dimension). Each becomes an ordinary declaration, so
// its value over a period, daily series, breakdown, peer figures and group totals come from the
// same code as the built-in metrics' (src/metrics/sql/*).

export const VENDOR_AGGREGATIONS = ['sum', 'count', 'average', 'latest', 'ratio'] as const;
export type VendorAggregation = (typeof VENDOR_AGGREGATIONS)[number];

/** A metric as the program file declares it (validated by src/program/schema.ts). */
export interface VendorMetricSpec {
  /** Its name in requirements, tool calls and data: lower-case letters, digits and _. */
  key: string;
  label: string;
  description?: string | undefined;
  synonyms: readonly string[];
  unit: Unit;
  higherIsBetter: boolean;
  aggregation: VendorAggregation;
  /** The fact key its rows carry (sum, count, average, latest); the metric's key when not given. */
  fact?: string | undefined;
  /** ratio: the fact keys divided, numerator ÷ denominator, as a percentage. */
  numerator?: string | undefined;
  denominator?: string | undefined;
  /** What the facts' `dimension` column holds for this metric ("product line", "plant", "region"). */
  dimension?: string | undefined;
}

/** The fact keys a metric reads. */
export function factKeysOf(spec: VendorMetricSpec): string[] {
  if (spec.aggregation === 'ratio') return [spec.numerator ?? '', spec.denominator ?? ''];
  return [spec.fact ?? spec.key];
}

const AGGREGATION_WORDS: Record<VendorAggregation, string> = {
  sum: 'the sum of the values recorded in the period',
  count: 'how many facts were recorded in the period',
  average: 'the average of the values recorded in the period',
  latest: "the latest value recorded by the period's end (or today, if sooner)",
  ratio: 'the ratio of two sums over the period',
};

function describe(spec: VendorMetricSpec): string {
  if (spec.description) return spec.description;
  if (spec.aggregation === 'ratio') return `${spec.label}: the ratio of two facts over the period (${spec.numerator} ÷ ${spec.denominator}), as a percentage.`;
  return `${spec.label}: ${AGGREGATION_WORDS[spec.aggregation]} (fact "${factKeysOf(spec)[0]}").`;
}

const isFact = (keys: readonly string[]): Condition => ({ column: 'metric', in: keys });

/** The declaration a vendor metric stands for, over the `facts` table. */
export function vendorDeclaration(spec: VendorMetricSpec): MetricDeclaration {
  const keys = factKeysOf(spec);
  const base = {
    name: spec.key,
    label: spec.label,
    unit: spec.unit,
    description: describe(spec),
    synonyms: [...spec.synonyms],
    higherIsBetter: spec.higherIsBetter,
    // A question may name one value of the dimension ("license sales of Cloud"); a flow of
    // amounts or counts splits by it.
    ...(spec.dimension ? { filters: { product: 'dimension' }, dimensions: { product: 'dimension' }, dimensionLabels: { product: spec.dimension } } : {}),
  };
  const flow = { table: 'facts' as const, date: 'day', where: [isFact(keys)] };
  switch (spec.aggregation) {
    case 'sum':
      return { ...base, aggregate: { sum: 'value' }, rows: flow };
    case 'count':
      return { ...base, aggregate: { count: true }, rows: flow };
    case 'average':
      return { ...base, aggregate: { average: 'value' }, rows: flow };
    case 'latest':
      return { ...base, aggregate: { latest: 'value' }, rows: { table: 'facts', at: 'period_end', heldFrom: 'day', where: [isFact(keys)] } };
    case 'ratio': {
      const [num = '', den = ''] = keys;
      return {
        ...base,
        aggregate: { ratio: { num: { sum: 'value', where: [isFact([num])] }, den: { sum: 'value', where: [isFact([den])] } } },
        rows: flow,
      };
    }
  }
}
