import { writeFileSync } from 'node:fs';
import { renderChartPng } from '../../src/charts/render-png.ts';
import { tierProgress } from './fixtures.ts';

// Run by render-png.test.ts in a child process whose environment hides every system font.
const out = process.argv[2];
if (!out) throw new Error('usage: render-child.ts <out.png>');
writeFileSync(out, await renderChartPng(tierProgress));
