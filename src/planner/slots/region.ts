import type { Token } from '../text.ts';
import type { Span } from './span.ts';

// The sales regions partners belong to (partners.region), and the ways people name them.

const NAMES: readonly [string[], string][] = [
  [['north', 'america'], 'NA'],
  [['north', 'american'], 'NA'],
  [['latin', 'america'], 'LATAM'],
  [['south', 'america'], 'LATAM'],
  [['asia', 'pacific'], 'APAC'],
  [['emea'], 'EMEA'],
  [['europe'], 'EMEA'],
  [['european'], 'EMEA'],
  [['eu'], 'EMEA'],
  [['uk'], 'EMEA'],
  [['apac'], 'APAC'],
  [['asia'], 'APAC'],
  [['asian'], 'APAC'],
  [['latam'], 'LATAM'],
  [['brazil'], 'LATAM'],
  [['mexico'], 'LATAM'],
  [['usa'], 'NA'],
  [['us'], 'NA'],
  [['na'], 'NA'],
  [['americas'], 'NA'],
  [['canada'], 'NA'],
];

/** "us" and "na" are ordinary words in lower case; they count only as written in capitals. */
const NEEDS_CAPITALS = new Set(['us', 'na']);

export interface RegionSlot {
  region: string;
  span: Span;
}

export function findRegion(tokens: readonly Token[], taken: (i: number) => boolean = () => false): RegionSlot | undefined {
  for (let i = 0; i < tokens.length; i++) {
    for (const [words, region] of NAMES) {
      if (!words.every((w, j) => tokens[i + j]?.lower === w && !taken(i + j))) continue;
      if (words.length === 1 && NEEDS_CAPITALS.has(words[0] ?? '') && tokens[i]?.raw !== tokens[i]?.raw.toUpperCase()) continue;
      return { region, span: { from: i, to: i + words.length } };
    }
  }
  return undefined;
}
