import type { Role } from '../../db/schema.ts';
import type { FieldSchema, Value } from './fields.ts';

export const ENTITY_NAMES = [
  'partners',
  'users',
  'deal_registrations',
  'revenue',
  'leads',
  'certifications',
  'mdf',
  'incentives',
  'renewals',
  'facts',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export const isEntityName = (s: string): s is EntityName => (ENTITY_NAMES as readonly string[]).includes(s);

/** Postgres type of a column in the staging table. */
export type StageType = 'text' | 'date' | 'bigint' | 'numeric' | 'boolean' | 'timestamptz';

export interface ColumnSpec {
  /** The column name in files (ours; `--map` maps others onto it). */
  name: string;
  /** One line for the README. */
  doc: string;
  /** Must be in the header; its cells must not be empty. */
  required: boolean;
  schema: FieldSchema;
  stage: StageType;
  /** The table column it fills; defaults to `name`. */
  target?: string;
  /** A reference by external id, or by name (partners) / email (users), resolved by join. */
  ref?: 'partner' | 'user';
  /** The reference may point at a row of the same file (partners.parent). */
  self?: boolean;
  /** A user reference must have one of these roles. */
  roles?: readonly Role[];
  /** SQL literal used when a present column's cell is empty (NOT NULL columns with a default). */
  emptyDefault?: string;
  /** Unique across the table, case-insensitively (partner names, user emails). */
  uniqueLower?: boolean;
  /**
   * The source's modification time of the row (updated_at): a row older than the one stored is
   * skipped and counted, never applied, so a late or replayed payload cannot undo a newer change.
   */
  version?: boolean;
}

export interface ColumnIssue {
  column: string;
  message: string;
}

/** A validated row by column name; undefined where the file has no such column. */
export type RowValues = Readonly<Record<string, Value | undefined>>;

export interface EntitySpec {
  name: EntityName;
  table: EntityName;
  doc: string;
  columns: readonly ColumnSpec[];
  /** Rules across columns of one row, run once every cell is valid. */
  check?: (row: RowValues) => ColumnIssue[];
}

export const targetOf = (c: ColumnSpec): string => c.target ?? c.name;
