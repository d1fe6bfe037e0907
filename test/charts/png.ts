import { inflateSync } from 'node:zlib';

// Just enough PNG decoding to look at what the renderer drew (8-bit RGB/RGBA, not interlaced,
// which is what resvg writes); pngjs is not a dependency and need not become one.

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Decoded {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row after row. */
  rgba: Uint8Array;
}

export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('first chunk is not IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function decodePng(png: Buffer): Decoded {
  const { width, height } = pngSize(png);
  const depth = png[24];
  const colorType = png[25];
  const interlace = png[28];
  if (depth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const channels = colorType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (cur[i - channels] ?? 0) : 0;
      const b = prev[i] ?? 0;
      const c = i >= channels ? (prev[i - channels] ?? 0) : 0;
      const x = line[i] ?? 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad filter ${filter} on row ${y}`);
      }
      cur[i] = v & 0xff;
    }
    for (let px = 0; px < width; px++) {
      const o = (y * width + px) * 4;
      out[o] = cur[px * channels] ?? 0;
      out[o + 1] = cur[px * channels + 1] ?? 0;
      out[o + 2] = cur[px * channels + 2] ?? 0;
      out[o + 3] = channels === 4 ? (cur[px * channels + 3] ?? 0) : 255;
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

interface Region {
  top?: number;
  bottom?: number;
  left?: number;
  right?: number;
}

/** Pixels in the region that are clearly not white background (any channel below 235). */
export function inkCount(img: Decoded, r: Region = {}): number {
  let n = 0;
  forEachPixel(img, r, (o) => {
    if ((img.rgba[o] ?? 255) < 235 || (img.rgba[o + 1] ?? 255) < 235 || (img.rgba[o + 2] ?? 255) < 235) n++;
  });
  return n;
}

/** Pixels dark enough to be text in the theme's ink colours (all channels below 110). */
export function darkCount(img: Decoded, r: Region = {}): number {
  let n = 0;
  forEachPixel(img, r, (o) => {
    if ((img.rgba[o] ?? 255) < 110 && (img.rgba[o + 1] ?? 255) < 110 && (img.rgba[o + 2] ?? 255) < 110) n++;
  });
  return n;
}

export function diffCount(a: Decoded, b: Decoded, r: Region = {}): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images differ in size');
  let n = 0;
  forEachPixel(a, r, (o) => {
    if (a.rgba[o] !== b.rgba[o] || a.rgba[o + 1] !== b.rgba[o + 1] || a.rgba[o + 2] !== b.rgba[o + 2]) n++;
  });
  return n;
}

function forEachPixel(img: Decoded, r: Region, fn: (offset: number) => void): void {
  const top = Math.max(0, r.top ?? 0);
  const bottom = Math.min(img.height, r.bottom ?? img.height);
  const left = Math.max(0, r.left ?? 0);
  const right = Math.min(img.width, r.right ?? img.width);
  for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) fn((y * img.width + x) * 4);
}
