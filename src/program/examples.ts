import type { Role } from '../../db/schema.ts';
import type { Program } from './schema.ts';

// Example questions in the vendor's own words: its tier names, for the asker's role. Help, the
// Slack usage hint and ask modal, and the Teams command list all take theirs from here, so a
// program whose tiers are Bronze and Elite never suggests "Gold", and nobody is offered a
// question their role cannot ask.

/** The tier most partners work toward: the one below the top (the top one in a two-tier program). */
export function aspirationalTier(program: Program): string {
  const names = program.tiers.map((t) => t.name);
  return names[Math.max(0, names.length - (names.length >= 3 ? 2 : 1))] ?? 'the next tier';
}

export const topTier = (program: Program): string => program.tiers.at(-1)?.name ?? 'the top tier';

export interface Asker {
  role: Role;
  /** A distributor's partner admin: sees its sub-partners too. */
  distributor?: boolean;
  /** A partner the asker can see, to make a manager's examples runnable as they stand. */
  somePartner?: string;
}

export function exampleQuestions(program: Program, asker: Asker): string[] {
  const goal = aspirationalTier(program);
  const top = topTier(program);
  if (asker.role === 'partner_user' || asker.role === 'partner_admin') {
    const own = [
      `How close are we to ${goal}?`,
      'What was our revenue last quarter compared with the quarter before?',
      'Which certifications expire in the next 30 days?',
      'Show our open deals',
      `What do ${top} partners get?`,
      'Give me a summary of our account',
      `If our open deals close, will we reach ${goal}?`,
      'How do we compare with other partners on our tier?',
    ];
    return asker.distributor ? ['How are our sub-partners doing?', 'Rank our sub-partners by revenue', ...own.slice(0, 6)] : own;
  }
  const partner = asker.somePartner;
  const questions = [
    'How are my partners doing?',
    'Which of my partners are at risk of dropping a tier?',
    `Who is closest to ${top}?`,
    ...(partner ? [`How is ${partner} doing?`, `How close is ${partner} to ${goal}?`] : []),
    'Rank my partners by revenue this quarter',
    'Total pipeline across my partners',
    'Which certifications expire in the next 30 days across my partners?',
  ];
  return asker.role === 'vendor_admin' ? [...questions.slice(0, 7), 'Alert partners whose certifications expire in the next 30 days'] : questions.slice(0, 8);
}

/** One question for places that show a single example (a usage hint, an input's placeholder). */
export const headlineQuestion = (program: Program): string => `How close am I to ${aspirationalTier(program)}?`;

/** The same question inside a sentence or a hint, where it starts in lower case. */
export const headlineInSentence = (program: Program): string => `how close am I to ${aspirationalTier(program)}?`;

/**
 * Questions that suit anyone before we know who they are (the Slack assistant's manifest prompts,
 * a person not linked yet): no partner named, no role assumed, the program's tier names.
 */
export function neutralQuestions(program: Program): string[] {
  return [headlineQuestion(program), `What do ${topTier(program)} partners get?`, 'Which certifications expire in the next 30 days?', 'What can you do?'];
}
