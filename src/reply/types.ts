import type { MetricName, Unit } from '../metrics/names.ts';
import type { NumberStyle } from './format.ts';

// A reply is platform-neutral data; each adapter renders it (Block Kit, Adaptive Card, text).
// Every number in it comes from a metric result, never from model prose.

export interface Fact {
  label: string;
  /** The raw figure (dollars for currency, 0–100 for percent) or text. */
  value: number | string;
  unit?: Unit;
  /** How a person reads it: "$412,300", "83%", "5". */
  display: string;
}

export interface RequirementRow {
  metric: MetricName;
  label: string;
  current: number;
  /** The minimum to reach, or with `atMost` the maximum to stay at or under. */
  required: number;
  /** How far from met; 0 when met: what is missing below a minimum, the excess over a maximum. */
  gap: number;
  met: boolean;
  unit: Unit;
  /** The requirement is a maximum ("defect rate at most 500 ppm"): met at or under `required`. */
  atMost?: boolean;
  /** Projection at today's pace (filled by insights); null when the pace never gets there. */
  projectedDate?: string | null;
  /**
   * Met today but not, at today's pace, before the next review (or the date asked about): the first
   * day it no longer is, and one line saying so with what keeps it ("met today; lapses before …").
   */
  atRisk?: { from: string; note: string };
}

export interface ChartSeries {
  name: string;
  values: number[];
  /**
   * How each value reads, when the plotted number alone would mislead: a tier_progress bar plots
   * "% of the requirement" but its label says "$420,000 of $500,000". Same length as values.
   */
  display?: string[];
}

export type ChartKind = 'tier_progress' | 'trend' | 'peer_distribution' | 'leaderboard';

export interface Chart {
  kind: ChartKind;
  /** At most 50 characters (Slack's limit for native charts). */
  title: string;
  categories: string[];
  /** At most 6. */
  series: ChartSeries[];
  targets?: { label: string; value: number }[];
  unit: Unit;
  /** Index into categories to emphasise: the asker's bucket (peer_distribution) or row (leaderboard). */
  highlight?: number;
  /** leaderboard: smallest first, for a figure where less is better (defect rate, churn); largest first by default. */
  ascending?: boolean;
  /**
   * The figures are not actuals but a scenario or a projection, and this is the word for them
   * ("what-if", "projected"): their bars are drawn hatched and a legend names them. A tier_progress
   * may then give today's figures as series[2], drawn solid beneath.
   */
  hypothetical?: string;
  /** Path of the rendered PNG, when one was written (`pulse ask --png-dir`). */
  png?: string;
  /** The locale and currency its axes and labels are written in (set by the core from the asker); en-US/USD when absent. */
  format?: NumberStyle;
}

export interface Suggestion {
  /**
   * What the step is ("Register a deal"): its line under "Next steps", the text of its link button
   * when it has a `url`, and of its ask button when it has no `askLabel`.
   */
  label: string;
  /** The follow-up question a button runs, when it runs one. */
  question?: string;
  /**
   * The text of the button that asks `question` when `label` names something else (a portal action,
   * a step): it must say what the question asks ("Show approved deals"), see buttons.ts.
   */
  askLabel?: string;
  /** A link into the vendor portal, when the suggestion is an action there: a link button of its own. */
  url?: string;
  /** Why this helps, one short sentence. */
  reason?: string;
  metric?: MetricName;
}

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface Clarification {
  question: string;
  options: { label: string; text: string }[];
}

export interface Reply {
  /** One or two plain sentences; adapters escape it for their markup. */
  summary: string;
  facts: Fact[];
  requirements?: RequirementRow[];
  table?: Table;
  charts: Chart[];
  suggestions: Suggestion[];
  clarify?: Clarification;
  /** A follow-up question that explains this answer's figure; adapters offer it as an "Explain" button. */
  explain?: string;
  /** True when the figures are a what-if, not the record. */
  hypothetical?: boolean;
  /** True when the reply carries partner data: in a shared channel it goes to the asker only. */
  sensitive: boolean;
  /** ISO timestamp of the data the reply is based on. */
  asOf: string;
  /** The locale and currency its figures are written in, for the parts adapters format themselves; en-US/USD when absent. */
  format?: NumberStyle;
}

export const textReply = (summary: string, asOf: string, suggestions: Suggestion[] = []): Reply => ({
  summary,
  facts: [],
  charts: [],
  suggestions,
  sensitive: false,
  asOf,
});
