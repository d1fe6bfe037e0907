import type { Config } from 'vega-lite';
import { FONT_FAMILY } from './font.ts';

// One look for every chart: neutral greys, a muted categorical palette that survives dark-mode
// chat clients (the PNG background is always white), and sizes chosen for a chat message:
// 500 px wide at 1×, rendered at 2× → 1000 px, under Teams' 1024 px inline limit.

export const WIDTH = 500;
export const PADDING = 16;
/** Room the plot gets once padding is taken off; the y axis eats into it further. */
export const INNER_WIDTH = WIDTH - 2 * PADDING;

export const TITLE_SIZE = 15;
export const SUBTITLE_SIZE = 11;
export const LABEL_SIZE = 11;
export const VALUE_SIZE = 11;

export const INK = '#1F2937';
export const MUTED = '#6B7280';
export const FAINT = '#E5E7EB';
export const GRID = '#F0F1F3';

export const PALETTE = ['#3B6FB6', '#E08A2C', '#2E9E6A', '#C2485A', '#7A5CB8', '#4B9AA8'] as const;
export const PRIMARY = PALETTE[0];
export const MET = '#2E9E6A';
export const SOFT = '#A9BCD8';
export const TARGET = '#4B5563';

export const config: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: PADDING,
  view: { stroke: null },
  title: {
    anchor: 'start',
    fontSize: TITLE_SIZE,
    fontWeight: 600,
    color: INK,
    subtitleFontSize: SUBTITLE_SIZE,
    subtitleColor: MUTED,
    subtitlePadding: 4,
    offset: 14,
    limit: 0,
  },
  axis: {
    labelFontSize: LABEL_SIZE,
    labelColor: '#4B5563',
    titleFontSize: LABEL_SIZE,
    titleFontWeight: 500,
    titleColor: MUTED,
    domainColor: '#D1D5DB',
    tickColor: '#D1D5DB',
    gridColor: GRID,
    // Labels are cut to fit before they reach Vega, with the real font's widths.
    labelLimit: 0,
    labelPadding: 6,
    titlePadding: 8,
  },
  legend: {
    orient: 'top',
    direction: 'horizontal',
    title: null,
    labelFontSize: LABEL_SIZE,
    labelColor: '#374151',
    labelLimit: 0,
    symbolType: 'square',
    symbolSize: 90,
    columnPadding: 14,
    padding: 0,
    offset: 10,
  },
  text: { fontSize: VALUE_SIZE, color: '#374151' },
};
