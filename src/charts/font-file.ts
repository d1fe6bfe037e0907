import { readFileSync } from 'node:fs';

// Minimal OpenType reading: head (units per em), hhea + hmtx (advance widths) and the Unicode
// cmap (format 4 for the BMP, format 12 when present). Enough to measure text and to know which
// characters a font draws, nothing more. Works for TrueType (glyf) and CFF (.otf) fonts alike:
// both carry these tables.

export interface FontMetrics {
  unitsPerEm: number;
  /** Advance width in font units, by code point, for every character the font maps. */
  advance: Map<number, number>;
}

export function readFontMetrics(path: string): FontMetrics {
  return parseMetrics(readFileSync(path));
}

export function parseMetrics(buf: Buffer): FontMetrics {
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
  const glyphAdvance = (glyph: number): number => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const advance = new Map<number, number>();
  for (const [code, glyph] of readCmap(buf, table('cmap'))) advance.set(code, glyphAdvance(glyph));
  return { unitsPerEm, advance };
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
      for (let c = start; c <= end && c <= 0x2ffff; c++) if (glyph + (c - start) !== 0) map.set(c, glyph + (c - start));
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
