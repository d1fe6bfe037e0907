import { ALL_METRICS } from '../../metrics/catalog.ts';
import type { MetricName } from '../../metrics/names.ts';
import type { MetricDef } from '../../metrics/types.ts';
import { findSeq, stemsOf, type Token } from '../text.ts';
import type { Span } from './span.ts';

export interface MetricSlot {
  metric: MetricName;
  /** Its label ("License sales"), for questions asked back. */
  label: string;
  /**
   * True when the words also name things one lists ("certifications", "open deals", "won"): then
   * they mean the figure only with a cue for a quantity ("how many", a period).
   */
  generic: boolean;
  span: Span;
}

const LISTABLE = new Set(['deal', 'cert', 'regist', 'renew', 'win', 'won', 'opportunit', 'credential', 'wins']);
const MEASURE = new Set(['rat', 'valu', 'ratio', 'percentag', 'convert', 'utiliz', 'usag', '%']);

interface Phrase {
  metric: MetricName;
  label: string;
  stems: string[];
  generic: boolean;
}

function buildPhrases(metrics: readonly MetricDef[]): Phrase[] {
  const out: Phrase[] = [];
  const seen = new Set<string>();
  for (const def of metrics) {
    const words = [def.name.replace(/_/g, ' '), def.label, ...def.synonyms];
    for (const w of words) {
      const stems = stemsOf(w);
      const key = `${def.name}:${stems.join(' ')}`;
      if (stems.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const generic = stems.some((s) => LISTABLE.has(s)) && !stems.some((s) => MEASURE.has(s));
      out.push({ metric: def.name, label: def.label, stems, generic });
    }
  }
  // Longest first, so "expiring certifications" beats "certifications" and "win rate" beats "win".
  return out.sort((a, b) => b.stems.length - a.stems.length);
}

// Per metric list (a program's: the built-in catalog and the vendor's own), built once.
const phrasesOf = new WeakMap<readonly MetricDef[], Phrase[]>();

/**
 * A figure that is a narrower case of others: named together, or with its cue anywhere in the
 * question, the narrower one is meant ("how many co-sell deals did we win", "how many certs are
 * expiring soon").
 */
const NARROWER: readonly { narrow: MetricName; of: readonly MetricName[]; cue?: RegExp }[] = [
  { narrow: 'co_sell_deals', of: ['won_deals', 'deal_registrations'] },
  { narrow: 'expiring_certifications', of: ['active_certifications'], cue: /\b(expir\w*|laps\w*|run(s|ning)? out)\b/ },
];

/** The narrower figure a question's words make of `metric`, or `metric` itself. */
export function narrowMetric(metric: string, lower: string): string {
  return NARROWER.find((n) => n.cue !== undefined && (n.of as readonly string[]).includes(metric) && n.cue.test(lower))?.narrow ?? metric;
}

/**
 * The figure a question names, among `metrics` (the program's: built-in and its own): the longest
 * phrase wins, then the earliest. Words another slot took (a tier: "other Registered partners")
 * are not read as a metric.
 */
export function findMetric(tokens: readonly Token[], taken: (i: number) => boolean = () => false, metrics: readonly MetricDef[] = ALL_METRICS): MetricSlot | undefined {
  let all = phrasesOf.get(metrics);
  if (!all) phrasesOf.set(metrics, (all = buildPhrases(metrics)));
  const stems = tokens.map((t, i) => (taken(i) ? '' : t.stem));
  let best: { p: Phrase; at: number } | undefined;
  for (const p of all) {
    if (best && p.stems.length < best.p.stems.length) break;
    const at = findSeq(stems, p.stems);
    if (at >= 0 && (!best || at < best.at)) best = { p, at };
  }
  if (!best) return undefined;
  const found = best;
  const lower = tokens.map((t) => t.lower).join(' ');
  for (const n of NARROWER) {
    if (!n.of.includes(found.p.metric)) continue;
    const narrowLabel = metrics.find((m) => m.name === n.narrow)?.label ?? n.narrow;
    if (n.cue?.test(lower)) return { metric: n.narrow, label: narrowLabel, generic: found.p.generic, span: { from: found.at, to: found.at + found.p.stems.length } };
    const p = all.find((x) => x.metric === n.narrow && findSeq(stems, x.stems) >= 0);
    if (p) {
      const at = findSeq(stems, p.stems);
      return { metric: n.narrow, label: narrowLabel, generic: p.generic, span: { from: Math.min(at, found.at), to: Math.max(at + p.stems.length, found.at + found.p.stems.length) } };
    }
  }
  return { metric: found.p.metric, label: found.p.label, generic: found.p.generic, span: { from: found.at, to: found.at + found.p.stems.length } };
}
