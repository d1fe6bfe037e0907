#!/usr/bin/env node
// Runs the TypeScript sources without a build step a person has to remember: from a bundle built
// (and rebuilt when a source changes) on start, or through tsx when no bundle can be built.
import { bundledMain } from './bundle.mjs';

const bundle = await bundledMain();
if (!bundle) (await import('tsx/esm/api')).register();
const { main } = await import(bundle ?? '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
