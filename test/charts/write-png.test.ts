import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStem, writeChartPngs } from '../../src/charts/write-png.ts';
import { leaderboard, tierProgress } from './fixtures.ts';
import { PNG_SIGNATURE } from './png.ts';

describe('writeChartPngs', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pulse-png-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates the folder, writes one PNG per chart and returns the charts with their paths', async () => {
    const dir = join(root, 'nested', 'out');
    const out = await writeChartPngs([tierProgress, leaderboard], dir, 'Why not Gold?');
    expect(out.map((c) => c.png)).toEqual([join(dir, 'why-not-gold-1.png'), join(dir, 'why-not-gold-2.png')]);
    expect(out[0]).toMatchObject({ ...tierProgress, png: join(dir, 'why-not-gold-1.png') });
    expect((await readdir(dir)).sort()).toEqual(['why-not-gold-1.png', 'why-not-gold-2.png']);
    for (const c of out) expect((await readFile(c.png ?? '')).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // The input is left alone.
    expect(tierProgress.png).toBeUndefined();
  });

  it('one chart gets the plain name; nothing to write writes nothing', async () => {
    const dir = join(root, 'single');
    const [c] = await writeChartPngs([tierProgress], dir, 'progress');
    expect(c?.png).toBe(join(dir, 'progress.png'));
    expect(await writeChartPngs([], join(root, 'never'), 'x')).toEqual([]);
    await expect(readdir(join(root, 'never'))).rejects.toThrow();
  });

  it('file names are safe whatever the question', () => {
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('Résumé: Q4 revenue')).toBe('resume-q4-revenue');
    expect(fileStem('???')).toBe('chart');
  });
});
