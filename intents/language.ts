import type { Role } from '../db/schema.ts';
import type { MetricName } from '../src/metrics/names.ts';
import type { Clarification } from '../src/reply/types.ts';

// What the rules planner reads out of one question, and what an intent declares about its own
// language. The planner holds no per-intent knowledge: each intent's file says which words and
// slots point at it, which arguments it reads from the text, what to ask when one is missing,
// and how to ask for it again.

export type DealStatusArg = 'open' | 'submitted' | 'approved' | 'rejected' | 'won' | 'lost' | 'expired';

/** A partner named in the question: its full name when it matched one in scope, else as typed. */
export interface NamedPartner {
  name: string;
  inScope: boolean;
}

export interface NumberInText {
  value: number;
  /** Written as money: a currency sign or word, or "k"/"m". */
  money: boolean;
  /** Character range in `text`. */
  start: number;
  end: number;
}

export interface Analysis {
  /** The question with shorthand spelled out and typos corrected, capitals as typed. */
  text: string;
  lower: string;
  /** Stems of every word, in order. */
  stems: readonly string[];
  role: Role;
  /** A distributor's partner admin: sees itself and its sub-partners. */
  distributorAdmin: boolean;
  /** The asker's own partner, for partner roles. */
  ownPartner: string | null;
  /** The tier named as the target (with several, the last: "from Silver to Gold" → Gold). */
  tier?: string;
  /** Every tier named, in order. */
  tiers: readonly string[];
  metric?: {
    metric: MetricName;
    /** Its label ("Win rate", a vendor's "License sales"), for questions asked back. */
    label: string;
    /** The words also name things one lists ("certifications", "won deals"). */
    generic: boolean;
    /** The words mean the figure here (a quantity cue, a period, a comparison, or a non-generic phrase). */
    cued: boolean;
  };
  /** The period asked about, as said ("last quarter"); absent when it only names the comparison. */
  period?: string;
  /** "compared with the quarter before", "vs last year", "up or down", "growth". */
  compare: boolean;
  /** A deadline ("by March", "end of next quarter"). */
  deadline?: string;
  /** A horizon ahead, in days, when the question is about something running out. */
  days?: number;
  status?: DealStatusArg;
  customer?: string;
  holder?: string;
  /** The first partner named. */
  partner?: NamedPartner;
  /** The asker's own company is named ("how is Northwind doing" from Northwind). */
  namesOwn: boolean;
  /** Every partner named, in order (two or more: a comparison). */
  partners: readonly NamedPartner[];
  /** A partner name shared by several partners in scope: the planner asks which one. */
  ambiguousPartner?: Clarification;
  /** Numbers other slots did not take (a period's "90", a deadline's "31"). */
  numbers: readonly NumberInText[];
  region?: string;
  /** The question is about a group of partners: "my partners", "across the portfolio", "our resellers". */
  groupWords: boolean;
}

/** What an intent answers for the rules planner: arguments, or a question back. */
export type IntentPlan = { args: Record<string, unknown> } | { clarify: Clarification };

/** How the rules planner recognises an intent and builds its arguments. */
export interface IntentLanguage {
  /** The intent's name in a "which do you mean" question: "Tier progress". */
  label: string;
  /**
   * Messages that ask for this intent, as people type them. The planner learns its word weights
   * from these (tests and the exam use other phrasings). A capitalised unknown word stands for a
   * partner name.
   */
  examples: readonly string[];
  /** Score added from what the slots found, for knowledge the examples cannot carry. */
  evidence?: (a: Analysis) => number;
  /** Arguments this intent reads from the question beyond the shared slots (checked by its schema). */
  readSlots?: (a: Analysis) => Record<string, unknown>;
  /** The final say on the arguments: fill defaults from the slots, or ask back for a missing one. */
  plan?: (a: Analysis, args: Record<string, unknown>) => IntentPlan;
  /** A question that, sent back, plans to this intent with the same partner, tier and period. */
  rephrase: (a: Analysis) => string;
  /**
   * What this intent takes from the question before when its words point back at it ("list
   * them", "would that get us there"); by default the tier, figure, horizon, group and region.
   */
  pointsBackTo?: readonly string[];
  /**
   * The figures this intent lists the rows of, with the arguments that pick them: "how many
   * deals did we win? list them" lists won deals.
   */
  lists?: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * This intent answers one named figure: a follow-up that names a figure another intent has no
   * place for ("and win rate?" after tier progress) comes here, and a bare "how many?" after it
   * asks for the same figure again.
   */
  answersFigure?: true;
}
