import type { Chart } from '../../../src/reply/types.ts';
import type { ChartImage } from './card.ts';

// Teams shows inline images up to 1024 × 1024 px and 1 MB; anything else is left out (the card
// then draws the chart as text) rather than sent to be refused.

export const MAX_IMAGE_BYTES = 1_000_000;
export const MAX_IMAGE_PX = 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export type ImageCheck = { ok: true; image: ChartImage } | { ok: false; reason: string };

export function checkPng(png: Buffer): ImageCheck {
  const size = pngSize(png);
  if (!size) return { ok: false, reason: 'not a PNG' };
  if (size.width > MAX_IMAGE_PX || size.height > MAX_IMAGE_PX) return { ok: false, reason: `${size.width}×${size.height} px is over ${MAX_IMAGE_PX} px` };
  if (png.length >= MAX_IMAGE_BYTES) return { ok: false, reason: `${png.length} bytes is over 1 MB` };
  return { ok: true, image: { dataUri: `data:image/png;base64,${png.toString('base64')}`, bytes: png.length } };
}

/** Every chart drawn (in parallel); a chart that fails or breaks the limits gets undefined and a reason. */
export async function chartImages(
  charts: readonly Chart[],
  renderPng: (chart: Chart) => Promise<Buffer>,
  onSkip: (chart: Chart, reason: string) => void,
): Promise<(ChartImage | undefined)[]> {
  return Promise.all(
    charts.map(async (chart) => {
      try {
        const checked = checkPng(await renderPng(chart));
        if (checked.ok) return checked.image;
        onSkip(chart, checked.reason);
      } catch (e) {
        onSkip(chart, e instanceof Error ? e.message.split('\n')[0] ?? 'render failed' : String(e));
      }
      return undefined;
    }),
  );
}
