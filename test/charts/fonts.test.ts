import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { fallbackFamilies, FONT_FAMILY, fontFiles, textWidth } from '../../src/charts/font.ts';
import { renderChartPng, renderChartSvg, SCALE, svgText } from '../../src/charts/render-png.ts';
import type { Chart } from '../../src/reply/types.ts';
import { decodePng, diffCount, inkCount, type Decoded } from './png.ts';
import { layoutOf } from './svg-layout.ts';

// Partner names in Chinese, Japanese, Korean and Arabic are drawn with bundled Noto fonts (from
// npm) that resvg falls back to, not as empty boxes. Inter draws every character it lacks as the
// same box (.notdef), so "two different characters look different" is what tells glyphs from
// boxes; each check is also run without the fallbacks, where it must come out the other way.

const INTER_ONLY = fontFiles('');

function draw(text: string, files: string[]): Decoded {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="10" y="28" font-family="${FONT_FAMILY}" font-size="20">${text}</text></svg>`;
  const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: FONT_FAMILY }, logLevel: 'off' }).render().asPng();
  return decodePng(png);
}

describe('fallback fonts', () => {
  it('a chart in Latin script loads Inter alone; other scripts add the font that draws them', () => {
    expect(fallbackFamilies('Northwind Traders · $1.2M – 84% ✓ …')).toEqual([]);
    expect(fontFiles('Northwind Traders')).toEqual(INTER_ONLY);
    expect(fallbackFamilies('北京数据科技有限公司')).toEqual(['Noto Sans S Chinese']);
    expect(fallbackFamilies('株式会社トヨタ')).toEqual(['Noto Sans S Chinese']);
    expect(fallbackFamilies('삼성에스디에스')).toEqual(['Noto Sans Korean']);
    expect(fallbackFamilies('شركة الاتصالات')).toEqual(['Noto Sans Arabic']);
    expect(fallbackFamilies('北京 and 삼성 and شركة')).toEqual(['Noto Sans S Chinese', 'Noto Sans Korean', 'Noto Sans Arabic']);
    // Greek and Cyrillic are Inter's own.
    expect(fallbackFamilies('Ελληνικά ООО «Север»')).toEqual([]);
  });

  it('measures a fallback character with its own font: a CJK character is one em wide, not a letter’s width', () => {
    expect(textWidth('北京', 10)).toBeCloseTo(20, 0);
    expect(textWidth('北京', 10)).toBeGreaterThan(textWidth('nn', 10) * 1.5);
  });

  it.each([
    ['Chinese', '北', '京'],
    ['Japanese', 'ト', 'ヨ'],
    ['Korean', '삼', '성'],
    ['Arabic', 'ش', 'ع'],
  ])('%s: two different characters draw as two different glyphs, and as the same box without the fallbacks', (_, a, b) => {
    const glyphA = draw(a, fontFiles(a));
    const glyphB = draw(b, fontFiles(b));
    expect(inkCount(glyphA)).toBeGreaterThan(30);
    expect(diffCount(glyphA, glyphB)).toBeGreaterThan(30);
    // The control: Inter alone draws both as its .notdef box, pixel for pixel the same.
    const boxA = draw(a, INTER_ONLY);
    const boxB = draw(b, INTER_ONLY);
    expect(inkCount(boxA)).toBeGreaterThan(30);
    expect(diffCount(boxA, boxB)).toBe(0);
    expect(diffCount(glyphA, boxA)).toBeGreaterThan(30);
  });

  it('a leaderboard with names in four scripts: each name drawn in its own glyphs, in the PNG the app sends', async () => {
    const names = ['北京数据科技', '上海电子商务', '삼성에스디에스', '엘지유플러스', 'الاتصالات', 'المستقبل'];
    const chart: Chart = {
      kind: 'leaderboard',
      title: 'Revenue by partner',
      unit: 'currency',
      categories: names,
      series: [{ name: 'Revenue', values: [600, 500, 400, 300, 200, 100] }],
    };
    const svg = await renderChartSvg(chart);
    expect(svgText(svg)).toContain('北京数据科技');
    const boxes = layoutOf(svg).texts.filter((t) => names.includes(t.text));
    expect(boxes.map((t) => t.text)).toEqual(names);
    const crop = (img: Decoded, i: number): Decoded => {
      const t = boxes[i];
      if (!t) throw new Error('no label');
      // Names are right-aligned: a crop 160 × 14 px (1×) that ends where they end.
      const [y1, x2] = [t.y1 - 1, t.x2 + 1].map((v) => Math.round(v * SCALE)) as [number, number];
      const y2 = y1 + 14 * SCALE;
      const w = 160 * SCALE;
      const out = new Uint8Array(w * (y2 - y1) * 4).fill(255);
      for (let y = y1; y < y2; y++) for (let x = Math.max(0, x2 - w); x < x2; x++) {
        const from = (y * img.width + x) * 4;
        const to = ((y - y1) * w + (x - (x2 - w))) * 4;
        for (let c = 0; c < 4; c++) out[to + c] = img.rgba[from + c] ?? 255;
      }
      return { width: w, height: y2 - y1, rgba: out };
    };
    const drawn = decodePng(await renderChartPng(chart));
    const asBoxes = decodePng(new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: SCALE }, font: { loadSystemFonts: false, fontFiles: INTER_ONLY, defaultFontFamily: FONT_FAMILY }, logLevel: 'off' }).render().asPng());
    for (const [a, b] of [[0, 1], [2, 3], [4, 5]] as const) {
      expect(inkCount(crop(drawn, a))).toBeGreaterThan(200);
      expect(diffCount(crop(drawn, a), crop(drawn, b))).toBeGreaterThan(200);
    }
    // What Inter alone draws there (boxes, see the single-character control above) is not what
    // the app's PNG shows, for any of the names.
    for (let i = 0; i < names.length; i++) expect(diffCount(crop(drawn, i), crop(asBoxes, i))).toBeGreaterThan(200);
  });
});
