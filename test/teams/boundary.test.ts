import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The Bot Framework SDK is archived; moving to @microsoft/agents-hosting must stay a change of
// adapters/teams alone. So no other source file may import it, and the adapter never imports db/.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');

describe('Teams adapter boundary', () => {
  it('keeps every Bot Framework import inside adapters/teams', () => {
    const outside = ['src', 'intents', 'db', 'adapters/slack', 'adapters/console'].flatMap(sources);
    expect(outside.length).toBeGreaterThan(50);
    const offenders = outside.filter((f) => importsOf(f).some((i) => /^(botbuilder|botframework-|@microsoft\/agents)/.test(i)));
    expect(offenders).toEqual([]);
  });

  it('never imports db/ from the adapter', () => {
    const offenders = sources('adapters/teams').filter((f) => importsOf(f).some((i) => /(^|\/)db\//.test(i)));
    expect(offenders).toEqual([]);
  });
});
