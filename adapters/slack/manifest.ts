import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/root.ts';
import { headlineInSentence, neutralQuestions } from '../../src/program/examples.ts';
import type { Program } from '../../src/program/schema.ts';

// manifest.yml is the source of truth for the app's scopes, events and URLs; the words a person
// sees in it (the /pulse usage hint, the assistant view's suggested prompts) come from the
// program, so a vendor whose tiers are Bronze and Elite never sees "Gold". `pulse slack manifest`
// prints it for a program.

const TEMPLATE = fromRoot('manifest.yml');

/** Slack shows at most four suggested prompts. */
const MAX_PROMPTS = 4;

/** The assistant view's prompts, as manifest.yml writes them (each string quoted). */
function promptLines(program: Program, indent: string): string {
  // A plain scalar cannot hold every character a tier name might have: quoted, it always can.
  return neutralQuestions(program)
    .slice(0, MAX_PROMPTS)
    .map((q) => `${indent}  - title: ${JSON.stringify(q)}\n${indent}    message: ${JSON.stringify(q)}\n`)
    .join('');
}

/** manifest.yml, byte for byte, but for the usage hint and suggested prompts in the program's own tier names. */
export function slackManifest(program: Program, template: string = readFileSync(TEMPLATE, 'utf8')): string {
  const hint = JSON.stringify(headlineInSentence(program));
  return template
    .replace(/^(\s*usage_hint:\s*).*$/m, `$1${hint}`)
    .replace(/^( *)suggested_prompts:[ \t]*\n(?:\1 +.*\n)*/m, (_all, indent: string) => `${indent}suggested_prompts:\n${promptLines(program, indent)}`);
}
