import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by bin/bundle.mjs to the folder it bundled; absent when the sources run as TypeScript. */
declare const PULSE_ROOT: string | undefined;

/**
 * The repository's folder, for the files Pulse reads next to its code (program.yml, manifest.yml,
 * the planner's corpus). Not a path relative to each file: the same code also runs from the bundle
 * bin/pulse.mjs builds elsewhere, which is told the folder when it is built.
 */
export const ROOT = typeof PULSE_ROOT !== 'undefined' ? PULSE_ROOT : fileURLToPath(new URL('..', import.meta.url));

/** A path inside the repository, from its root. */
export const fromRoot = (...parts: string[]): string => join(ROOT, ...parts);
