import { textWidth } from '../../src/charts/font.ts';

// Where things sit in a chart's SVG, read from the SVG itself (not from Vega's own idea of it):
// every <text> (each line of it) as a box, measured with the bundled fonts' widths, and every
// bar or rule (<path>, <rect>) as a box, in the picture's pixels at 1×, through the nested
// translate/rotate transforms Vega writes. Enough for the SVG Vega writes; not a general parser.

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TextBox extends Box {
  text: string;
  /** The class of the mark group it is in: "role-axis-label", "role-title-text", "layer_5_marks"… */
  group: string;
  fontSize: number;
  /** Drawn at an angle: its box is the upright box around it, larger than the text. */
  rotated: boolean;
}

export interface ShapeBox extends Box {
  group: string;
  /** aria-label Vega gives a mark ("key: Revenue; pct: 84"), when it has one. */
  label: string;
  fill: string;
}

export interface Layout {
  width: number;
  height: number;
  texts: TextBox[];
  shapes: ShapeBox[];
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

function parseTransform(t: string | undefined): Matrix {
  let m: Matrix = IDENTITY;
  for (const [, op, args] of (t ?? '').matchAll(/(translate|rotate|scale)\(([^)]*)\)/g)) {
    const a = (args ?? '').split(/[\s,]+/).filter(Boolean).map(Number);
    if (op === 'translate') m = multiply(m, [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0]);
    else if (op === 'scale') m = multiply(m, [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0]);
    else {
      const r = ((a[0] ?? 0) * Math.PI) / 180;
      const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
      m = multiply(multiply(multiply(m, [1, 0, 0, 1, cx, cy]), [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]), [1, 0, 0, 1, -cx, -cy]);
    }
  }
  return m;
}

function boxOf(m: Matrix, local: Box): Box {
  const pts = [
    [local.x1, local.y1],
    [local.x2, local.y1],
    [local.x1, local.y2],
    [local.x2, local.y2],
  ].map(([x = 0, y = 0]) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]] as const);
  return {
    x1: Math.min(...pts.map((p) => p[0])),
    y1: Math.min(...pts.map((p) => p[1])),
    x2: Math.max(...pts.map((p) => p[0])),
    y2: Math.max(...pts.map((p) => p[1])),
  };
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

/** The extent of a path Vega writes (M, L, C, H, V, h, v, Z; absolute but for h and v). */
function pathBox(d: string): Box | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MLCHVhvZz])([^MLCHVhvZz]*)/g)) {
    const n = (args ?? '').match(/-?\d*\.?\d+(?:e-?\d+)?/g)?.map(Number) ?? [];
    if (cmd === 'M' || cmd === 'L' || cmd === 'C') {
      for (let i = 0; i + 1 < n.length; i += 2) {
        x = n[i] ?? x;
        y = n[i + 1] ?? y;
        xs.push(x);
        ys.push(y);
      }
    } else if (cmd === 'H' || cmd === 'h') {
      x = cmd === 'H' ? (n[0] ?? x) : x + (n[0] ?? 0);
      xs.push(x);
      ys.push(y);
    } else if (cmd === 'V' || cmd === 'v') {
      y = cmd === 'V' ? (n[0] ?? y) : y + (n[0] ?? 0);
      xs.push(x);
      ys.push(y);
    }
  }
  return xs.length ? { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) } : undefined;
}

export function layoutOf(svg: string): Layout {
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1]);
  const texts: TextBox[] = [];
  const shapes: ShapeBox[] = [];
  const stack: { m: Matrix; group: string }[] = [{ m: IDENTITY, group: '' }];
  const body = svg.replace(/<defs>[\s\S]*?<\/defs>/g, '');
  const top = () => stack[stack.length - 1] as { m: Matrix; group: string };
  for (const [tag] of body.matchAll(/<text\b[^>]*\/>|<text\b[^>]*>[\s\S]*?<\/text>|<\/g>|<g\b[^>]*>|<(?:path|rect)\b[^>]*\/?>/g)) {
    // An empty text draws nothing.
    if (/^<text\b[^>]*\/>$/.test(tag)) continue;
    if (tag === '</g>') {
      stack.pop();
      continue;
    }
    const m = multiply(top().m, parseTransform(attr(tag, 'transform')));
    if (tag.startsWith('<g')) {
      const cls = attr(tag, 'class') ?? '';
      stack.push({ m, group: /\bmark-/.test(cls) ? cls : top().group });
      continue;
    }
    if (tag.startsWith('<text')) {
      const open = /^<text\b[^>]*>/.exec(tag)?.[0] ?? '';
      const size = parseFloat(attr(open, 'font-size') ?? '11');
      const weight = attr(open, 'font-weight') ?? '400';
      const anchor = attr(open, 'text-anchor') ?? 'start';
      const inner = tag.slice(open.length, -'</text>'.length);
      const lines = /<tspan/.test(inner)
        ? [...inner.matchAll(/<tspan\b([^>]*)>([\s\S]*?)<\/tspan>/g)].map((t) => ({ dy: parseFloat(attr(` ${t[1] ?? ''}`, 'dy') ?? '0'), text: decode(t[2] ?? '') }))
        : [{ dy: 0, text: decode(inner) }];
      let y = 0;
      for (const line of lines) {
        y += line.dy;
        const w = textWidth(line.text, size, weight);
        const x1 = anchor === 'middle' ? -w / 2 : anchor === 'end' ? -w : 0;
        // Ascenders to descenders around the baseline.
        const box = boxOf(m, { x1, x2: x1 + w, y1: y - 0.8 * size, y2: y + 0.25 * size });
        if (line.text.trim() !== '') texts.push({ ...box, text: line.text, group: top().group, fontSize: size, rotated: Math.abs(m[1]) > 1e-9 });
      }
      continue;
    }
    const local =
      tag.startsWith('<rect')
        ? { x1: parseFloat(attr(tag, 'x') ?? '0'), y1: parseFloat(attr(tag, 'y') ?? '0'), x2: parseFloat(attr(tag, 'x') ?? '0') + parseFloat(attr(tag, 'width') ?? '0'), y2: parseFloat(attr(tag, 'y') ?? '0') + parseFloat(attr(tag, 'height') ?? '0') }
        : pathBox(attr(tag, 'd') ?? '');
    if (local && !/class="(background|foreground)"/.test(tag)) {
      shapes.push({ ...boxOf(m, local), group: top().group, label: attr(tag, 'aria-label') ?? '', fill: attr(tag, 'fill') ?? '' });
    }
  }
  return { width, height, texts, shapes };
}

/** Boxes that reach outside the picture by more than `slack` px. */
export function outside(layout: Layout, slack = 0.5): TextBox[] {
  return layout.texts.filter((t) => t.x1 < -slack || t.y1 < -slack || t.x2 > layout.width + slack || t.y2 > layout.height + slack);
}

export const overlaps = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * Upright texts drawn over each other, as "a ⟷ b". A text drawn twice in the same place (the white
 * halo under a label) is one text. Slanted texts are left out: their upright boxes overlap even
 * when the texts do not.
 */
export function collisions(layout: Layout): string[] {
  const same = (a: TextBox, b: TextBox) => a.text === b.text && Math.abs(a.x1 - b.x1) < 0.01 && Math.abs(a.y1 - b.y1) < 0.01;
  const upright = layout.texts.filter((t, i) => !t.rotated && layout.texts.findIndex((u) => same(t, u)) === i);
  const out: string[] = [];
  for (let i = 0; i < upright.length; i++) {
    for (let j = i + 1; j < upright.length; j++) {
      const a = upright[i] as TextBox;
      const b = upright[j] as TextBox;
      if (overlaps(a, b)) out.push(`${a.text} ⟷ ${b.text}`);
    }
  }
  return out;
}
