import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The CLI, as production runs it. */
export const PULSE_BIN = path.resolve(import.meta.dirname, '..', 'bin', 'pulse.mjs');

/** Resident set size of a process in MB, from /proc (Linux); NaN elsewhere. */
export function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
