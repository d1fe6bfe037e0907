import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledMain } from '../../bin/bundle.mjs';

// bin/pulse.mjs runs a bundle of the sources that it builds itself: once, reused while no source
// changes, rebuilt when one does, safe when several processes start at once, and left aside (the
// sources run through tsx) when PULSE_NO_BUNDLE is set.

const cache = mkdtempSync(join(tmpdir(), 'pulse-bundle-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const current = () => JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8')) as { dir: string; stamp: string };

describe('the bundle bin/pulse.mjs runs', { timeout: 60_000 }, () => {
  it('is built with both entries, then reused while the sources are unchanged', async () => {
    const url = await bundledMain({ cache, env: {} });
    expect(url).not.toBeNull();
    const dir = dirname(fileURLToPath(url ?? ''));
    expect(existsSync(join(dir, 'main.js'))).toBe(true);
    // The answer worker's entry sits next to main.js, where the bundled pool looks for it.
    expect(existsSync(join(dir, 'worker-main.js'))).toBe(true);
    expect(await bundledMain({ cache, env: {} })).toBe(url);
    // The bundled main is the CLI's: it exports main and runs it.
    const mod = (await import(url ?? '')) as { main?: unknown };
    expect(typeof mod.main).toBe('function');
  });

  it('is built again when the sources no longer match its stamp', async () => {
    const before = current();
    writeFileSync(join(cache, 'current.json'), JSON.stringify({ ...before, stamp: 'sources of another day' }));
    const url = await bundledMain({ cache, env: {} });
    expect(current().dir).not.toBe(before.dir);
    expect(url).toContain(current().dir);
  });

  it('gives each of several processes starting at once a complete build', async () => {
    writeFileSync(join(cache, 'current.json'), JSON.stringify({ ...current(), stamp: 'stale' }));
    const urls = await Promise.all([1, 2, 3].map(() => bundledMain({ cache, env: {} })));
    for (const url of urls) expect(existsSync(fileURLToPath(url ?? 'file:///nowhere'))).toBe(true);
    expect(readdirSync(cache).filter((d) => d.startsWith('build-')).length).toBeGreaterThanOrEqual(2);
  });

  it('is not used when PULSE_NO_BUNDLE is set', async () => {
    expect(await bundledMain({ cache, env: { PULSE_NO_BUNDLE: '1' } })).toBeNull();
  });
});
