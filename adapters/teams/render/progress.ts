import { formatPercent } from '../../../src/reply/format.ts';

const CELLS = 10;

/**
 * "████████░░ 84%": a progress bar that needs no image, so it survives every size cut and reads
 * the same in a screen reader as the percentage after it. Overachievement fills the bar and
 * keeps its real percentage.
 */
export function progressBar(current: number, required: number): string {
  const ratio = required > 0 ? Math.max(0, current / required) : 1;
  const filled = Math.min(CELLS, Math.round(Math.min(ratio, 1) * CELLS));
  // A requirement just started shows one cell rather than none, and one nearly met never shows full.
  const shown = ratio > 0 && filled === 0 ? 1 : ratio < 1 && filled === CELLS ? CELLS - 1 : filled;
  return `${'█'.repeat(shown)}${'░'.repeat(CELLS - shown)} ${formatPercent(ratio * 100)}`;
}
