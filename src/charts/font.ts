import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { readFontMetrics, type FontMetrics } from './font-file.ts';

// Charts ship their own fonts (from npm packages) so a PNG looks the same on a laptop, in CI and
// in a container with no fonts installed, and nothing is fetched at run time. Inter draws Latin,
// Greek and Cyrillic; a partner named in Chinese, Japanese, Korean or Arabic is drawn with a Noto
// fallback, the first below that has the character (resvg falls back in the order the files are
// handed to it, and we hand them in this order). The same fonts' advance widths drive Vega's
// layout, so labels are measured with the glyphs resvg will actually draw instead of Vega's
// "0.8 × font size per character" guess.

export const FONT_FAMILY = 'Inter';

const require = createRequire(import.meta.url);

const INTER = {
  regular: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  semibold: '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
} as const;

type Face = keyof typeof INTER;

/** A font for the scripts Inter lacks; regular weight only (resvg's fallback ignores weight). */
interface Fallback {
  family: string;
  /** What it is there for, for people reading this list. */
  covers: string;
  resolve: () => string;
}

/** A file in a package whose `exports` hide everything but its entry point. */
const besideEntry = (pkg: string, file: string) => (): string => join(dirname(require.resolve(pkg)), '..', file);

export const FALLBACKS: readonly Fallback[] = [
  // Noto Sans CJK SC (as "Noto Sans S Chinese"): every CJK ideograph, kana, full-width forms.
  { family: 'Noto Sans S Chinese', covers: 'Chinese, Japanese', resolve: besideEntry('@embedpdf/fonts-sc', 'fonts/NotoSansHans-Regular.otf') },
  { family: 'Noto Sans Korean', covers: 'Korean (Hangul)', resolve: besideEntry('@embedpdf/fonts-kr', 'fonts/NotoSansKR-Regular.otf') },
  {
    family: 'Noto Sans Arabic',
    covers: 'Arabic, Persian, Urdu',
    resolve: () => require.resolve('@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'),
  },
];

let interPaths: string[] | undefined;
const fallbackPaths: (string | undefined)[] = [];

const fallbackPath = (i: number): string => (fallbackPaths[i] ??= (FALLBACKS[i] as Fallback).resolve());

/**
 * Absolute paths of the font files resvg needs for `text`: Inter always, then the fallbacks that
 * draw a character in it that Inter lacks. A fallback costs time on every render (resvg reads the
 * file each time), so a chart in Latin script loads none.
 */
export function fontFiles(text = ''): string[] {
  interPaths ??= Object.values(INTER).map((f) => require.resolve(f));
  const needed = new Set<number>();
  for (const ch of text) {
    const at = fallbackIndex(ch.codePointAt(0) ?? 0);
    if (at >= 0) needed.add(at);
  }
  return [...interPaths, ...[...needed].sort((a, b) => a - b).map(fallbackPath)];
}

/** The families resvg will fall back to for `text`, in order (for tests and logs). */
export function fallbackFamilies(text: string): string[] {
  const files = fontFiles(text).slice(Object.keys(INTER).length);
  return FALLBACKS.filter((_, i) => files.includes(fallbackPath(i))).map((f) => f.family);
}

const interMetrics = new Map<Face, FontMetrics>();
const fallbackMetrics: (FontMetrics | undefined)[] = [];
/** Code point → index into FALLBACKS, or -1: Inter has it, or nothing does. */
const fallbackOf = new Map<number, number>();

function inter(face: Face): FontMetrics {
  let m = interMetrics.get(face);
  if (!m) {
    m = readFontMetrics(require.resolve(INTER[face]));
    interMetrics.set(face, m);
  }
  return m;
}

const fallback = (i: number): FontMetrics => (fallbackMetrics[i] ??= readFontMetrics(fallbackPath(i)));

// Characters no font draws that need no fallback either: controls, joiners, marks of direction.
const INVISIBLE = /[\p{Cc}\p{Cf}\s]/u;

function fallbackIndex(cp: number): number {
  let at = fallbackOf.get(cp);
  if (at !== undefined) return at;
  at = -1;
  if (!inter('regular').advance.has(cp) && !INVISIBLE.test(String.fromCodePoint(cp))) {
    // Fallback fonts are large: read the next one only when the ones before lack the character.
    for (let i = 0; i < FALLBACKS.length; i++) {
      if (fallback(i).advance.has(cp)) {
        at = i;
        break;
      }
    }
  }
  fallbackOf.set(cp, at);
  return at;
}

/**
 * Width in pixels of `text` set in the bundled fonts: Inter's widths, a fallback's for the
 * characters Inter lacks. Ignores kerning and Arabic's joined forms, which move widths by a few
 * percent; Vega only needs it for layout and label truncation.
 */
export function textWidth(text: string, fontSize: number, weight: number | string = 400): number {
  const m = inter(isBold(weight) ? 'semibold' : 'regular');
  const n = m.advance.get(0x6e) ?? m.unitsPerEm / 2;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const own = m.advance.get(cp);
    if (own !== undefined) {
      em += own / m.unitsPerEm;
      continue;
    }
    const at = fallbackIndex(cp);
    if (at >= 0) {
      const f = fallback(at);
      em += (f.advance.get(cp) ?? 0) / f.unitsPerEm;
    } else if (!INVISIBLE.test(ch)) {
      // Nothing draws it: measured as a typical lowercase letter (resvg leaves a gap of about that).
      em += n / m.unitsPerEm;
    }
  }
  return em * fontSize;
}

export const isBold = (w: number | string): boolean =>
  typeof w === 'number' ? w >= 550 : w === 'bold' || w === 'bolder' || Number(w) >= 550;
