import { readFileSync } from 'node:fs';
import { fromRoot } from '../../../src/root.ts';
import { Resvg } from '@resvg/resvg-js';
import { strToU8, zipSync } from 'fflate';
import { buildManifest, ICON_FILES, type ManifestInput } from './manifest.ts';

// The Teams app package: manifest.json and the two icons at the root of a zip, which is what
// Teams admin center and "Upload a custom app" accept. Icons are drawn from the SVGs beside this
// file with resvg (already used for charts), so building needs no download.

const svg = (name: string) => readFileSync(fromRoot('adapters', 'teams', 'app-package', name), 'utf8');

/** At the SVG's own size (192 and 32 px, as Teams asks), on a transparent background. */
const png = (name: string): Uint8Array => new Uint8Array(new Resvg(svg(name), { fitTo: { mode: 'original' } }).render().asPng());

export interface AppPackage {
  zip: Uint8Array;
  manifest: Record<string, unknown>;
}

export function buildAppPackage(input: ManifestInput): AppPackage {
  const manifest = buildManifest(input);
  const zip = zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      [ICON_FILES.color]: png('color.svg'),
      [ICON_FILES.outline]: png('outline.svg'),
    },
    // A fixed date: the same inputs make the same bytes.
    { level: 9, mtime: new Date('2026-01-01T00:00:00Z') },
  );
  return { zip, manifest };
}
