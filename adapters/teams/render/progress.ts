import { progressPercent } from '../../../src/program/bounds.ts';
import type { Formatter } from '../../../src/reply/format.ts';
import type { RequirementRow } from '../../../src/reply/types.ts';

const CELLS = 10;

/**
 * "████████░░ 84%": a progress bar that needs no image, so it survives every size cut and reads
 * the same in a screen reader as the percentage after it. Overachievement fills the bar and
 * keeps its real percentage.
 */
export function progressBar(r: Pick<RequirementRow, 'current' | 'required' | 'atMost'>, f: Formatter): string {
  // A maximum is "how far within it": 500 ÷ 800 ppm is 62.5% of the way, at or under it 100%+.
  const ratio = Math.max(0, progressPercent(r.current, { required: r.required, atMost: r.atMost === true }) / 100);
  const filled = Math.min(CELLS, Math.round(Math.min(ratio, 1) * CELLS));
  // A requirement just started shows one cell rather than none, and one nearly met never shows full.
  const shown = ratio > 0 && filled === 0 ? 1 : ratio < 1 && filled === CELLS ? CELLS - 1 : filled;
  return `${'█'.repeat(shown)}${'░'.repeat(CELLS - shown)} ${f.percent(ratio * 100)}`;
}
