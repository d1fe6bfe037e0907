import { readFileSync } from 'node:fs';
import { fromRoot } from '../src/root.ts';

/** The CLI, as production runs it. */
export const PULSE_BIN = fromRoot('bin', 'pulse.mjs');

/** Resident set size of a process in MB, from /proc (Linux); NaN elsewhere. */
export function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
