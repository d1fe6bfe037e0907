import { z } from 'zod';
import { METRIC_NAMES } from '../metrics/names.ts';
import { isBaseUnit } from '../metrics/units.ts';
import { VENDOR_AGGREGATIONS } from '../metrics/vendor.ts';

export const WINDOWS = ['trailing_12_months', 'year_to_date', 'quarter_to_date', 'current'] as const;
export type Window = (typeof WINDOWS)[number];

const KEY = /^[a-z][a-z0-9_]*$/;
const keySchema = z.string().max(60, 'at most 60 characters').regex(KEY, 'lower-case letters, digits and _, starting with a letter (e.g. license_sales)');

/**
 * A requirement names a metric (built-in, or one of the program's `metrics:`), and either a minimum
 * the partner must reach (`min`) or a maximum it must stay at or under (`max`: "defect rate at
 * most 500 ppm"), measured over a window. Names are checked against the program's metrics below.
 */
const requirementSchema = z
  .object({
    metric: z.string({ error: 'must name a metric' }).min(1, 'must name a metric'),
    min: z.number({ error: 'must be a number' }).nonnegative('must be 0 or more').optional(),
    max: z.number({ error: 'must be a number' }).nonnegative('must be 0 or more').optional(),
    window: z.enum(WINDOWS, { error: `must be one of ${WINDOWS.join(', ')}` }).default('current'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.min === undefined && r.max === undefined) ctx.addIssue({ code: 'custom', path: ['min'], message: 'give a minimum (min:) or a maximum (max:)' });
    if (r.min !== undefined && r.max !== undefined) ctx.addIssue({ code: 'custom', path: ['max'], message: 'give either min or max, not both' });
  });

const tierSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    requirements: z.array(requirementSchema).default([]),
    benefits: z.array(z.string()).default([]),
  })
  .strict();

const actionSchema = z.object({ label: z.string().min(1), url: z.url('must be a URL') }).strict();

/**
 * A vendor's own metric over the facts table (`pulse import facts`): see src/metrics/vendor.ts.
 * `unit` is currency, count, percent, or a unit of the vendor's ("ppm", "hours").
 */
const vendorMetricSchema = z
  .object({
    key: keySchema,
    label: z.string().min(1, 'must not be empty').max(60, 'at most 60 characters'),
    description: z.string().max(300, 'at most 300 characters').optional(),
    synonyms: z.array(z.string().trim().min(1, 'must not be empty').max(60, 'at most 60 characters')).default([]),
    unit: z.string().trim().min(1, 'must not be empty').max(20, 'at most 20 characters'),
    higherIsBetter: z.boolean({ error: 'must be true or false' }).default(true),
    aggregation: z.enum(VENDOR_AGGREGATIONS, { error: `must be one of ${VENDOR_AGGREGATIONS.join(', ')}` }),
    fact: keySchema.optional(),
    numerator: keySchema.optional(),
    denominator: keySchema.optional(),
    dimension: z.string().trim().min(1, 'must not be empty').max(40, 'at most 40 characters').optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (m.aggregation === 'ratio') {
      if (!m.numerator) issue('numerator', 'a ratio needs the fact key it divides (numerator:)');
      if (!m.denominator) issue('denominator', 'a ratio needs the fact key it divides by (denominator:)');
      if (m.fact) issue('fact', 'a ratio reads its numerator and denominator, not one fact');
      if (m.unit !== 'percent') issue('unit', 'a ratio is shown as a percentage: unit must be percent');
    } else {
      if (m.numerator) issue('numerator', `only a ratio has a numerator (this metric is ${m.aggregation})`);
      if (m.denominator) issue('denominator', `only a ratio has a denominator (this metric is ${m.aggregation})`);
    }
    if (m.aggregation === 'count' && m.unit !== 'count' && isBaseUnit(m.unit)) issue('unit', 'a count of facts is a count: unit must be count');
  });

/** A locale Intl can format for ("en-US", "de-DE", "fr"). */
function isLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const programSchema = z
  .object({
    vendor: z.string().min(1),
    currency: z
      .string()
      .length(3, 'must be a 3-letter ISO currency code')
      .transform((c) => c.toUpperCase())
      .refine((c) => CURRENCIES.has(c), { message: 'is not an ISO 4217 currency code (e.g. USD, EUR, GBP)' })
      .default('USD'),
    /** Numbers and dates for people who have not set their own locale (users.locale). */
    locale: z.string().refine(isLocale, { message: 'is not a locale I can format for (e.g. en-US, en-GB, de-DE)' }).default('en-US'),
    portal: z.url('must be a URL'),
    review: z.object({ cadence: z.enum(['quarterly', 'yearly']).default('quarterly') }).strict().default({ cadence: 'quarterly' }),
    metrics: z.array(vendorMetricSchema).default([]),
    tiers: z.array(tierSchema).min(2, 'needs at least two tiers'),
    actions: z.record(z.string(), actionSchema).default({}),
    alerts: z
      .object({
        certification_thresholds_days: z.array(z.number().int().positive()).min(1).default([60, 30, 14, 7, 1]),
      })
      .strict()
      .default({ certification_thresholds_days: [60, 30, 14, 7, 1] }),
  })
  .strict()
  // Runs even when parts of the file are wrong (a bad currency must not hide an unknown metric):
  // `pulse program check` names every problem at once, so this reads the parts defensively.
  .superRefine(
    (p, ctx) => {
      const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      const tiers = list<{ name?: unknown; requirements?: unknown }>(p.tiers);
      const metrics = list<{ key?: unknown; label?: unknown; synonyms?: unknown; aggregation?: unknown; fact?: unknown; numerator?: unknown; denominator?: unknown }>(p.metrics);

      const seen = new Set<string>();
      tiers.forEach((t, i) => {
        const name = str(t.name);
        if (name === undefined) return;
        const key = name.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: `duplicate tier "${name}"` });
        seen.add(key);
      });

      // The vendor's metrics: keys of their own, and words that point at one metric only.
      const builtIn = new Set<string>(METRIC_NAMES);
      const names = new Set<string>(METRIC_NAMES);
      const words = new Map<string, string>();
      metrics.forEach((m, i) => {
        const key = str(m.key);
        if (key === undefined) return;
        if (names.has(key)) {
          ctx.addIssue({ code: 'custom', path: ['metrics', i, 'key'], message: builtIn.has(key) ? `"${key}" is a built-in metric; choose another key` : `duplicate metric key "${key}"` });
        }
        names.add(key);
        [str(m.label), ...list<unknown>(m.synonyms).map(str)].forEach((w, j) => {
          if (w === undefined) return;
          const word = w.trim().toLowerCase();
          const other = words.get(word);
          if (other !== undefined && other !== key) {
            ctx.addIssue({ code: 'custom', path: ['metrics', i, j === 0 ? 'label' : 'synonyms'], message: `"${w}" already names metric ${other}; a word may point at one metric only` });
          }
          words.set(word, key);
        });
        const facts = m.aggregation === 'ratio' ? [['numerator', m.numerator], ['denominator', m.denominator]] : [['fact', m.fact]];
        for (const [field, fact] of facts) {
          if (typeof fact === 'string' && builtIn.has(fact)) {
            ctx.addIssue({ code: 'custom', path: ['metrics', i, String(field)], message: `"${fact}" is a built-in metric, not a fact key` });
          }
        }
      });
      const known = [...names];
      const unknown = (name: string) => `unknown metric "${name}" (known: ${known.join(', ')})`;
      tiers.forEach((t, i) =>
        list<{ metric?: unknown }>(t.requirements).forEach((r, j) => {
          const metric = str(r.metric);
          if (metric !== undefined && metric !== '' && !names.has(metric)) {
            ctx.addIssue({ code: 'custom', path: ['tiers', i, 'requirements', j, 'metric'], message: unknown(metric) });
          }
        }),
      );
      const actions = typeof p.actions === 'object' && p.actions !== null ? Object.keys(p.actions) : [];
      for (const key of actions) {
        if (!names.has(key)) ctx.addIssue({ code: 'custom', path: ['actions', key], message: unknown(key) });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export type Program = z.infer<typeof programSchema>;
export type Tier = Program['tiers'][number];
export type Requirement = Tier['requirements'][number];
export type VendorMetric = Program['metrics'][number];
