// An answer worker's thread starts here: the sources are TypeScript, run as bin/pulse.mjs runs them.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
