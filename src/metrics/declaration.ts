import type { PartnerDataTable } from '../../db/schema.ts';
import type { Unit } from './units.ts';

// A metric is declared once, as data: what it is called and how people say it, its unit, how it
// aggregates and where its rows are. Everything that reads it — the value over a period, the
// parts behind a group's figure, the daily series, the breakdown by dimension, the monthly rollup
// read and the peer cohorts — is derived from the declaration (src/metrics/sql/*). Column names
// here are written by us, never by a person or a model.

/** A condition on a row: a column in a set of values, equal to a flag, or present (not null). */
export type Condition =
  | { readonly column: string; readonly in: readonly string[] }
  | { readonly column: string; readonly is: boolean }
  | { readonly column: string; readonly present: true };

/** A count of rows (only those meeting `where`, when given). */
export interface CountPart {
  readonly count: true;
  readonly where?: readonly Condition[];
}

/** A sum of a column (only over rows meeting `where`); `cents` when the column holds cents and the value is in dollars. */
export interface SumPart {
  readonly sum: string;
  readonly cents?: boolean;
  readonly where?: readonly Condition[];
}

export type Part = CountPart | SumPart;

/**
 * How the rows make a value:
 * - `sum` / `count`: amounts or rows added up (a group's value is the sum of its partners');
 * - `ratio`: 100·num/den of two counts or sums (a group's value is the ratio of the sums);
 * - `average`: the mean of a column over the rows, Σcolumn ÷ rows (a group's: the ratio of the sums);
 * - `latest`: for stocks, the column of the newest row held on the day (a group's value is the
 *   mean of its partners' latest values);
 * - `distinct`: for stocks, one per thing, the thing named by the first present of each key's
 *   columns, compared case-insensitively (a person holding the same certification twice counts once).
 */
export type Aggregate =
  | { readonly sum: string; readonly cents?: boolean }
  | { readonly count: true; readonly distinct?: readonly Key[] }
  | { readonly ratio: { readonly num: Part; readonly den: Part } }
  | { readonly average: string }
  | { readonly latest: string };

/**
 * A key: a column as it is, or case-insensitively (`caseless`), or the first of several columns
 * that is present and not blank ("email, else name"), case-insensitively.
 */
export type Key = { readonly column: string; readonly caseless?: boolean } | { readonly firstOf: readonly string[] };

/** Flow: rows placed in a period by one date column; the value adds up over days. */
export interface FlowRows {
  readonly table: PartnerDataTable;
  /** The day that places a row in a period [from, to). */
  readonly date: string;
  readonly where?: readonly Condition[];
}

/**
 * Stock: what is held on one day D — the period's last day or today, whichever is sooner (`at:
 * 'period_end'`), or always today (`at: 'today'`). A row is held on D when `heldFrom` ≤ D, and
 * `heldThrough` ≥ D when given, and no `endedBy` rule has ended it by D.
 */
export interface StockRows {
  readonly table: PartnerDataTable;
  readonly at: 'period_end' | 'today';
  readonly heldFrom: string;
  readonly heldThrough?: string;
  /** Rows meeting `when` end on the day in column `on` (a deal won on D is no longer open on D). */
  readonly endedBy?: readonly { readonly when: Condition; readonly on: string }[];
  /** Today the rows still held are known from their current state (open statuses): read that way when D is today. */
  readonly heldNow?: readonly Condition[];
  /** Only what ends (its last `heldThrough` day) within this many days of D; `withinDays` filter overrides. */
  readonly endsWithinDays?: number;
  readonly where?: readonly Condition[];
}

export type Rows = FlowRows | StockRows;

/** The filters a question may add, and the column each applies to. */
export interface FilterColumns {
  /** `product` filter: this column, case-insensitively. */
  readonly product?: string;
  /** `status` filter: this column, among the values asked for. */
  readonly status?: string;
}

/** The dimensions a metric splits by (explain-change), and their columns. */
export interface Dimensions {
  readonly product?: string;
  readonly customer?: string;
}

/** How a person names a dimension's values when it is not the usual one ("plant", "region" for a vendor's `product` dimension). */
export type DimensionLabels = Readonly<Partial<Record<keyof Dimensions, string>>>;

export interface MetricDeclaration<N extends string = string> {
  readonly name: N;
  readonly label: string;
  readonly unit: Unit;
  readonly description: string;
  /** Words people use for it: "sales", "bookings", …; the planner learns them from here. */
  readonly synonyms: readonly string[];
  /** Whether more is better (win rate) or worse (churn, expiring certifications); drives wording and ranks. */
  readonly higherIsBetter: boolean;
  readonly aggregate: Aggregate;
  readonly rows: Rows;
  readonly filters?: FilterColumns;
  readonly dimensions?: Dimensions;
  readonly dimensionLabels?: DimensionLabels;
}

/** Declares a built-in metric, keeping its literal types (its name becomes part of `MetricName`). */
export const declareMetric = <const D extends MetricDeclaration>(d: D): D => d;

export const isStock = (rows: Rows): rows is StockRows => 'at' in rows;
