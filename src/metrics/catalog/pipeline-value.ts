import { declareMetric } from '../declaration.ts';

export const OPEN_DEAL_STATUSES = ['submitted', 'approved'] as const;

export const pipelineValue = declareMetric({
  name: 'pipeline_value',
  label: 'Pipeline value',
  unit: 'currency',
  description:
    "The value of open deal registrations (submitted or approved) as the pipeline stood at the period's end: registered by then and not yet won, lost, rejected or expired by then; for a period that runs to today, today's open deals. In dollars.",
  synonyms: ['pipeline', 'pipeline value', 'open pipeline', 'open deals value', 'value of open deals', 'open deals', 'pipe'],
  higherIsBetter: true,
  aggregate: { sum: 'amount_cents', cents: true },
  rows: {
    table: 'deal_registrations',
    at: 'period_end',
    heldFrom: 'submitted_on',
    // A deal leaves the pipeline on the day it is won or lost, rejected, or lapses.
    endedBy: [
      { when: { column: 'status', in: ['won', 'lost'] }, on: 'closed_on' },
      { when: { column: 'status', in: ['rejected'] }, on: 'decided_on' },
      { when: { column: 'status', in: ['expired'] }, on: 'expires_on' },
    ],
    heldNow: [{ column: 'status', in: OPEN_DEAL_STATUSES }],
  },
  filters: { product: 'product' },
});
