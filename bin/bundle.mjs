// bin/pulse.mjs runs one JavaScript bundle of the TypeScript sources, built here with esbuild on
// the first run and again whenever a source file changes (under a second). Running the sources
// through tsx instead transforms every module at every start, in every thread, and keeps the
// results: 100 MB more per thread and seconds of start-up CPU for pulse serve.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'adapters', 'intents', 'db', 'bench', 'test/helpers'];
const CACHE = join(ROOT, 'node_modules', '.cache', 'partner-pulse');
/** Builds other processes may still be running from are removed only once this old. */
const KEEP_MS = 10 * 60_000;

/** The newest modification time and the number of the files under the bundled folders: the bundle's stamp. */
function stampOfSources() {
  let newest = 0;
  let files = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  for (const d of SOURCES) walk(join(ROOT, d));
  // The folder is built in (PULSE_ROOT): a copy of the repository elsewhere builds its own.
  return `${files}:${newest}:${process.version}:${ROOT}`;
}

function readCurrent(cache) {
  try {
    return JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

async function build(stamp, cache) {
  const { build: esbuild } = await import('esbuild');
  const dir = `build-${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const outdir = join(cache, dir);
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/cli/main.ts', 'worker-main': 'src/workers/worker-main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir,
    define: { PULSE_BUNDLED: 'true', PULSE_ROOT: JSON.stringify(ROOT) },
    logLevel: 'silent',
  });
  // Another process may build at the same moment: each writes its own folder, and the pointer is
  // replaced in one rename, so a reader sees one complete build or the other.
  const current = join(cache, 'current.json');
  const tmp = `${current}.${dir}`;
  writeFileSync(tmp, JSON.stringify({ dir, stamp }));
  renameSync(tmp, current);
  for (const old of readdirSync(cache)) {
    if (!old.startsWith('build-') || old === dir) continue;
    const at = Number(old.split('-')[1]);
    if (Date.now() - at > KEEP_MS) rmSync(join(cache, old), { recursive: true, force: true });
  }
  return outdir;
}

/**
 * The URL of the bundle's main module, built first when missing or older than the sources; null
 * when it cannot be built (esbuild missing, PULSE_NO_BUNDLE set): then the caller runs the sources.
 * `cache` is where builds go (tests use their own).
 */
export async function bundledMain({ cache = CACHE, env = process.env } = {}) {
  if (env.PULSE_NO_BUNDLE) return null;
  try {
    const stamp = stampOfSources();
    const current = readCurrent(cache);
    let dir = current && current.stamp === stamp ? join(cache, current.dir) : undefined;
    if (dir) {
      try {
        statSync(join(dir, 'main.js'));
      } catch {
        dir = undefined;
      }
    }
    if (!dir) {
      mkdirSync(cache, { recursive: true });
      dir = await build(stamp, cache);
    }
    return pathToFileURL(join(dir, 'main.js')).href;
  } catch {
    return null;
  }
}
