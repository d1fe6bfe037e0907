// Hypothetical figures (a what-if, a projection) are drawn hatched, so nobody takes them for
// actuals. Vega has no pattern fills, but its SVG renderer writes a fill it does not know as it is:
// a mark filled with "url(#pp-hatch-3B6FB6)" keeps that reference, and the <pattern> it points to
// is added to the SVG here, after Vega has drawn it. resvg draws SVG patterns.

const PREFIX = 'pp-hatch-';

const hex = (color: string): string => {
  const h = color.replace(/^#/, '').toUpperCase();
  if (!/^[0-9A-F]{6}$/.test(h)) throw new Error(`hatch colour must be #RRGGBB, got ${color}`);
  return h;
};

/** The fill for a bar hatched in `color` (#RRGGBB) over a light tint of it. */
export const hatchFill = (color: string): string => `url(#${PREFIX}${hex(color)})`;

/** `color` mixed with white: `amount` 0 is the colour, 1 is white. */
function tint(h: string, amount: number): string {
  const mix = (i: number) => Math.round(parseInt(h.slice(i, i + 2), 16) * (1 - amount) + 255 * amount);
  return `#${[0, 2, 4].map((i) => mix(i).toString(16).padStart(2, '0')).join('')}`;
}

function pattern(h: string): string {
  // 45° stripes 2.5 px wide every 6 px, at 1× (resvg scales them with the picture).
  return (
    `<pattern id="${PREFIX}${h}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="${tint(h, 0.78)}"/><rect width="2.5" height="6" fill="#${h}"/></pattern>`
  );
}

/** The SVG with a <pattern> for every hatch fill it uses (none added when it uses none). */
export function withHatchPatterns(svg: string): string {
  const used = new Set<string>();
  for (const m of svg.matchAll(new RegExp(`url\\(#${PREFIX}([0-9A-F]{6})\\)`, 'g'))) used.add(m[1] as string);
  if (used.size === 0) return svg;
  const defs = `<defs>${[...used].sort().map(pattern).join('')}</defs>`;
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('not an SVG document');
  const at = open.index + open[0].length;
  return svg.slice(0, at) + defs + svg.slice(at);
}
