import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Charts ship their own font (Inter, from an npm package) so a PNG looks the same on a laptop,
// in CI and in a container with no fonts installed, and nothing is fetched at run time.
// The same font's advance widths drive Vega's layout, so labels are measured with the glyphs
// resvg will actually draw instead of Vega's "0.8 × font size per character" guess.

export const FONT_FAMILY = 'Inter';

const require = createRequire(import.meta.url);

const FILES = {
  regular: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  semibold: '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
} as const;

type Face = keyof typeof FILES;

let paths: string[] | undefined;

/** Absolute paths of the bundled TTF files, resolved once from node_modules. */
export function fontFiles(): string[] {
  paths ??= Object.values(FILES).map((f) => require.resolve(f));
  return paths;
}

interface Metrics {
  unitsPerEm: number;
  /** Advance width in font units, by code point. */
  advance: Map<number, number>;
  fallback: number;
}

const metrics = new Map<Face, Metrics>();

function faceMetrics(face: Face): Metrics {
  let m = metrics.get(face);
  if (!m) {
    m = parseMetrics(readFileSync(require.resolve(FILES[face])));
    metrics.set(face, m);
  }
  return m;
}

/**
 * Width in pixels of `text` set in the bundled font. Ignores kerning, which moves Inter's widths
 * by well under 2%; Vega only needs it for layout and label truncation.
 */
export function textWidth(text: string, fontSize: number, weight: number | string = 400): number {
  const m = faceMetrics(isBold(weight) ? 'semibold' : 'regular');
  let units = 0;
  for (const ch of text) units += m.advance.get(ch.codePointAt(0) ?? 0) ?? m.fallback;
  return (units * fontSize) / m.unitsPerEm;
}

const isBold = (w: number | string): boolean =>
  typeof w === 'number' ? w >= 550 : w === 'bold' || w === 'bolder' || Number(w) >= 550;

/** Cuts `text` to fit `maxWidth` pixels, ending in "…" when it had to cut. */
export function fitText(text: string, maxWidth: number, fontSize: number, weight: number | string = 400): string {
  if (textWidth(text, fontSize, weight) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, fontSize, weight) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

// Minimal TrueType reading: head (units per em), hhea + hmtx (advance widths) and the Unicode
// cmap (format 4 for the BMP, format 12 when present). Enough for measuring, nothing more.
function parseMetrics(buf: Buffer): Metrics {
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const table = (tag: string): number => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`font has no ${tag} table`);
    return off;
  };

  const unitsPerEm = buf.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number =>
    buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const advance = new Map<number, number>();
  for (const [code, glyph] of readCmap(buf, table('cmap'))) advance.set(code, glyphAdvance(glyph));
  // Unknown characters render as .notdef (glyph 0); measure them as a typical lowercase letter.
  const fallback = advance.get(0x6e) ?? glyphAdvance(0);
  return { unitsPerEm, advance, fallback };
}

function readCmap(buf: Buffer, cmap: number): Map<number, number> {
  const count = buf.readUInt16BE(cmap + 2);
  let fmt4: number | undefined;
  let fmt12: number | undefined;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const sub = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) fmt12 ??= sub;
    if (format === 4) fmt4 ??= sub;
  }
  const map = new Map<number, number>();
  if (fmt12 !== undefined) {
    const groups = buf.readUInt32BE(fmt12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = fmt12 + 16 + 12 * g;
      const start = buf.readUInt32BE(at);
      const end = buf.readUInt32BE(at + 4);
      const glyph = buf.readUInt32BE(at + 8);
      for (let c = start; c <= end && c <= 0x2ffff; c++) map.set(c, glyph + (c - start));
    }
    return map;
  }
  if (fmt4 === undefined) throw new Error('font has no Unicode cmap');
  const segX2 = buf.readUInt16BE(fmt4 + 6);
  const ends = fmt4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const offsets = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const end = buf.readUInt16BE(ends + s);
    const start = buf.readUInt16BE(starts + s);
    const delta = buf.readInt16BE(deltas + s);
    const rangeOffset = buf.readUInt16BE(offsets + s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = offsets + s + rangeOffset + 2 * (c - start);
        glyph = buf.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}
