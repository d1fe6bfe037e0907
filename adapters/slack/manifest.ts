import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { headlineInSentence } from '../../src/program/examples.ts';
import type { Program } from '../../src/program/schema.ts';

// manifest.yml is the source of truth for the app's scopes, events and URLs; the words a person
// sees in it (the /pulse usage hint) come from the program, so a vendor whose tiers are Bronze
// and Elite never sees "Gold". `pulse slack manifest` prints it for a program.

const TEMPLATE = fileURLToPath(new URL('../../manifest.yml', import.meta.url));

/** manifest.yml, byte for byte, but for the usage hint in the program's own tier names. */
export function slackManifest(program: Program, template: string = readFileSync(TEMPLATE, 'utf8')): string {
  // A plain scalar cannot hold every character a tier name might have: quoted, it always can.
  const hint = JSON.stringify(headlineInSentence(program));
  return template.replace(/^(\s*usage_hint:\s*).*$/m, `$1${hint}`);
}
