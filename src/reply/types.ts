import type { MetricName, Unit } from '../metrics/names.ts';

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
  required: number;
  /** How much is still missing; 0 when met. */
  gap: number;
  met: boolean;
  unit: Unit;
  /** Projection at today's pace (filled by insights); null when the pace never gets there. */
  projectedDate?: string | null;
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
  /** Path of the rendered PNG, when one was written (`pulse ask --png-dir`). */
  png?: string;
}

export interface Suggestion {
  /** Button text. */
  label: string;
  /** The follow-up question a button runs, when it runs one. */
  question?: string;
  /** A link into the vendor portal, when the suggestion is an action there. */
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
  /** True when the figures are a what-if, not the record. */
  hypothetical?: boolean;
  /** True when the reply carries partner data: in a shared channel it goes to the asker only. */
  sensitive: boolean;
  /** ISO timestamp of the data the reply is based on. */
  asOf: string;
}

export const textReply = (summary: string, asOf: string, suggestions: Suggestion[] = []): Reply => ({
  summary,
  facts: [],
  charts: [],
  suggestions,
  sensitive: false,
  asOf,
});
