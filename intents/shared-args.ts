import { z } from 'zod';

// Arguments several intents take, worded once: the same words reach the LLM in every tool.

/** Another partner than the asker's own; resolved only among the partners in the asker's scope. */
export const otherPartnerArg = z
  .string()
  .max(120)
  .optional()
  .describe('Partner name as the user wrote it, only when asking about a partner other than their own.');

/** The tier a partner is measured against. */
export const targetTierArg = z
  .string()
  .max(40)
  .optional()
  .describe('Tier to measure against, by name as in the program (e.g. "Gold"). Omit for the next tier up.');
