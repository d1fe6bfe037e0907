// The action ids the renderer puts on buttons and the listeners match. Buttons of one kind are
// numbered (`pulse_suggest_0`, `pulse_suggest_1`, …) because Slack wants every action_id in a
// message or view to be unique.

export const ACTIONS = {
  /** A suggestion that asks a follow-up question (value: the question). */
  suggest: 'pulse_suggest',
  /** A choice after a clarifying question (value: the question to ask). */
  clarify: 'pulse_clarify',
  /** A link into the vendor portal: Slack opens it, the app only acknowledges. */
  link: 'pulse_link',
  /** Re-asks the question and posts its charts as images (value: the question). */
  showChart: 'pulse_show_chart',
  /** Asks why a figure changed (value: the question to ask). */
  explain: 'pulse_explain',
  /** Digest subscription buttons of the App Home (value: the request, asked as a question). */
  digest: 'pulse_digest',
  /** Opens the "Ask Partner Pulse" modal from the App Home. */
  askOpen: 'pulse_ask_open',
} as const;

export const VIEWS = {
  ask: 'pulse_ask_modal',
  askBlock: 'pulse_ask_question',
  askInput: 'pulse_ask_input',
} as const;

export const numbered = (prefix: string, i: number): string => `${prefix}_${i}`;

/** Matches every numbered id of one kind. */
export const numberedPattern = (prefix: string): RegExp => new RegExp(`^${prefix}_\\d+$`);
