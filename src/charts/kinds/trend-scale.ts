import { textWidth } from '../font.ts';
import { LABEL_SIZE } from '../theme.ts';

// The two axes of a trend, decided here rather than left to Vega: a value scale whose top leaves
// room above the highest point (Vega's "nice" may end the scale right at the peak, which then
// loses its dot and its figure to the title), and period labels that are all there, level when
// they fit, slanted when they do not, and every second (third, …) one only when even slanted
// labels would touch: never some dropped here and there to avoid an overlap.

export interface ValueScale {
  domain: [number, number];
  ticks: number[];
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest such step at least `raw`. */
function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= raw - 1e-12) return m * pow;
  return 10 * pow;
}

/**
 * A scale from zero (or below, for negative figures) to above the largest value, with `headroom`
 * pixels of a `height`-pixel plot left free beyond the extremes, ending on a tick; about five ticks.
 */
export function valueScale(values: number[], height: number, headroom: number, wholeNumbers = false): ValueScale {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  if (max === min) return { domain: [0, 1], ticks: [0] };
  const perPixel = (max - min) / Math.max(1, height - headroom * (min < 0 ? 2 : 1));
  const hiRaw = max > 0 ? max + headroom * perPixel : 0;
  const loRaw = min < 0 ? min - headroom * perPixel : 0;
  let step = niceStep((hiRaw - loRaw) / 4);
  if (wholeNumbers) step = Math.max(1, Math.round(step));
  const hi = Math.ceil(hiRaw / step - 1e-9) * step;
  const lo = Math.floor(loRaw / step + 1e-9) * step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 never labels a tick "0.30000000000000004".
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  for (let i = 0; lo + i * step <= hi + step / 2; i++) ticks.push(Number((lo + i * step).toFixed(digits)));
  return { domain: [lo, hi], ticks };
}

export interface PeriodAxis {
  labelAngle: number;
  labelAlign?: 'right';
  labelBaseline?: 'top';
  /** The periods labelled, when not all of them can be. */
  values?: string[];
}

const ANGLE = 40;
/** Slanted labels stay apart while their lines are this far apart (font size and a little air). */
const LINE = LABEL_SIZE + 3;

/**
 * How to label `periods` along a plot `plot` pixels wide: level if they fit; else slanted if every
 * label then clears its neighbours; else every k-th label, level or slanted, whichever shows more,
 * counted back from the latest period so the one a reader cares about is always labelled.
 */
export function periodAxis(periods: string[], plot: number, bands: boolean): PeriodAxis {
  const n = Math.max(1, periods.length);
  // A point scale (lines) puts n points in n slots; a band scale (bars) a little less room each.
  const slot = plot / (bands ? n + 0.3 : n);
  const widest = Math.max(0, ...periods.map((p) => textWidth(p, LABEL_SIZE)));
  const levelEvery = Math.max(1, Math.ceil((widest + 8) / slot));
  if (levelEvery === 1) return { labelAngle: 0 };
  const slantEvery = Math.max(1, Math.ceil(LINE / (slot * Math.sin((ANGLE * Math.PI) / 180))));
  const slant = { labelAngle: -ANGLE, labelAlign: 'right' as const, labelBaseline: 'top' as const };
  if (slantEvery === 1) return slant;
  const every = Math.min(levelEvery, slantEvery);
  const values = periods.filter((_, i) => (n - 1 - i) % every === 0);
  return levelEvery <= slantEvery ? { labelAngle: 0, values } : { ...slant, values };
}
