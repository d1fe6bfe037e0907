import { z } from 'zod';
import { METRIC_NAMES } from '../metrics/names.ts';

export const WINDOWS = ['trailing_12_months', 'year_to_date', 'quarter_to_date', 'current'] as const;
export type Window = (typeof WINDOWS)[number];

const requirementSchema = z
  .object({
    metric: z.enum(METRIC_NAMES, { error: (i) => `unknown metric "${String(i.input)}" (known: ${METRIC_NAMES.join(', ')})` }),
    min: z.number({ error: 'must be a number' }).nonnegative('must be 0 or more'),
    window: z.enum(WINDOWS, { error: `must be one of ${WINDOWS.join(', ')}` }).default('current'),
  })
  .strict();

const tierSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    requirements: z.array(requirementSchema).default([]),
    benefits: z.array(z.string()).default([]),
  })
  .strict();

const actionSchema = z.object({ label: z.string().min(1), url: z.url('must be a URL') }).strict();

export const programSchema = z
  .object({
    vendor: z.string().min(1),
    currency: z.string().length(3, 'must be a 3-letter ISO currency code').default('USD'),
    portal: z.url('must be a URL'),
    review: z.object({ cadence: z.enum(['quarterly', 'yearly']).default('quarterly') }).strict().default({ cadence: 'quarterly' }),
    tiers: z.array(tierSchema).min(2, 'needs at least two tiers'),
    actions: z.partialRecord(z.enum(METRIC_NAMES), actionSchema).default({}),
    alerts: z
      .object({
        certification_thresholds_days: z.array(z.number().int().positive()).min(1).default([60, 30, 14, 7, 1]),
      })
      .strict()
      .default({ certification_thresholds_days: [60, 30, 14, 7, 1] }),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.tiers.forEach((t, i) => {
      const key = t.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: `duplicate tier "${t.name}"` });
      seen.add(key);
    });
  });

export type Program = z.infer<typeof programSchema>;
export type Tier = Program['tiers'][number];
export type Requirement = Tier['requirements'][number];
