import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority (Linux: setpriority on the thread id, which
 * /proc/thread-self names). On a small machine the acknowledging thread then gets a core ahead of
 * answer work whenever both want one. Elsewhere, or if refused, nothing changes: returns false.
 */
export function niceThisThread(nice: number): boolean {
  if (nice <= 0 || process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
