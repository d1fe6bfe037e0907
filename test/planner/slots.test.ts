import { describe, expect, it } from 'vitest';
import { findExpiryDays } from '../../src/planner/slots/days.ts';
import { findMetric } from '../../src/planner/slots/metric.ts';
import { findPeriod } from '../../src/planner/slots/period.ts';
import { findStatus } from '../../src/planner/slots/status.ts';
import { findTier } from '../../src/planner/slots/tier.ts';
import { findCustomer } from '../../src/planner/slots/customer.ts';
import { findHolder } from '../../src/planner/slots/holder.ts';
import { prepare, stem, tokenize, PLAN_CHARS } from '../../src/planner/text.ts';
import { loadProgram } from '../../src/program/load.ts';

const T = '2026-11-23';
const toks = (s: string) => tokenize(prepare(s));
const free = () => false;

describe('text', () => {
  it('stems the forms of one word to one stem', () => {
    expect(new Set(['certification', 'certifications', 'certs', 'certified'].map(stem))).toEqual(new Set(['cert']));
    expect(new Set(['expire', 'expires', 'expiring', 'expiration', 'expired'].map(stem))).toEqual(new Set(['expir']));
    expect(stem('deals')).toBe(stem('deal'));
    expect(stem('winning')).toBe('win');
    expect(stem('tier')).toBe('tier');
    expect(stem('status')).toBe('status');
  });

  it('keeps at most PLAN_CHARS characters and splits hyphenated words', () => {
    expect([...prepare('x'.repeat(20_000))].length).toBe(PLAN_CHARS);
    expect(toks('co-sell deals').map((t) => t.lower)).toEqual(['co', 'sell', 'deals']);
    expect(toks('“Gold” 🙂 收入').map((t) => t.raw)).toEqual(['Gold', '收入']);
  });
});

describe('slots', () => {
  const loaded = loadProgram('program.yml');
  if (!loaded.ok) throw new Error(loaded.error.message);
  const p = loaded.value;

  it('tier: the last tier named; ordinary words only with a cue', () => {
    expect(findTier(toks('from Silver to Gold'), p)?.name).toBe('Gold');
    expect(findTier(toks('how close to platinum'), p)?.name).toBe('Platinum');
    expect(findTier(toks('what have we registered this month'), p)).toBeUndefined();
    expect(findTier(toks('show registered deals'), p)).toBeUndefined();
    expect(findTier(toks('are we still at registered level'), p)?.name).toBe('Registered');
  });

  it('metric: the longest phrase wins; list nouns are marked generic', () => {
    expect(findMetric(toks('what is our win rate'))?.metric).toBe('win_rate');
    expect(findMetric(toks('how many deals did we win'))?.metric).toBe('won_deals');
    expect(findMetric(toks('expiring certifications'))?.metric).toBe('expiring_certifications');
    expect(findMetric(toks('co-sell deals this year'))?.metric).toBe('co_sell_deals');
    expect(findMetric(toks('how much did we sell'))?.metric).toBe('revenue');
    expect(findMetric(toks('list our certifications'))).toMatchObject({ metric: 'active_certifications', generic: true });
    expect(findMetric(toks('renewal rate'))).toMatchObject({ metric: 'renewal_rate', generic: false });
    expect(findMetric(toks('hello there'))).toBeUndefined();
  });

  it('period: the phrase without its preposition', () => {
    const s = 'revenue in the last quarter please';
    expect(findPeriod(s, toks(s), T)?.phrase).toBe('last quarter');
    const q = 'sales Q3 2026';
    expect(findPeriod(q, toks(q), T)).toMatchObject({ phrase: 'Q3 2026', period: { from: '2026-07-01', to: '2026-10-01' } });
  });

  it('expiry horizon: numbers, words and calendar ends, never a look back', () => {
    const d = (s: string) => findExpiryDays(s, toks(s), T)?.days;
    expect(d('certs expiring in the next 60 days')).toBe(60);
    expect(d('what expires within two weeks')).toBe(14);
    expect(d('registrations that lapse next month')).toBe(30);
    expect(d('certifications expiring this month')).toBe(7); // 23 Nov → 1 Dec
    expect(d('anything about to expire?')).toBe(30);
    expect(d('revenue in the last 30 days')).toBeUndefined();
    expect(d('what expired in the last 30 days')).toBeUndefined();
    expect(d('renewal rate this quarter')).toBeUndefined();
  });

  it('status: the first named, multi-word forms first', () => {
    expect(findStatus(toks('show closed won deals'))?.status).toBe('won');
    expect(findStatus(toks('which deals are pending'))?.status).toBe('submitted');
    expect(findStatus(toks('declined registrations'))?.status).toBe('rejected');
    expect(findStatus(toks('show deals'))).toBeUndefined();
  });

  it('customer and holder names, as typed, ordinary words included', () => {
    const domain = (w: string) => ['show', 'deals', 'the', 'of', 'our', 'certs', 'open', 'deal', 'status'].includes(w);
    const c = (s: string) => findCustomer({ source: prepare(s), tokens: toks(s), isDomain: domain, taken: free })?.text;
    expect(c('show deals with Acme Corp')).toBe('Acme Corp');
    expect(c('deals for customer litware')).toBe('litware');
    expect(c('deals with "big bank plc"')).toBe('big bank plc');
    expect(c('deals with city power & light that we lost')).toBe('city power & light');
    expect(c('sterling transit deals still open')).toBe('sterling transit');
    expect(c('show the deals')).toBeUndefined();
    expect(c('our open deals')).toBeUndefined();
    const h = (s: string) => findHolder({ source: prepare(s), tokens: toks(s), isDomain: domain, taken: free })?.text;
    expect(h('certifications held by Priya Natarajan')).toBe('Priya Natarajan');
    expect(h("show Jane Doe's certs")).toBe('Jane Doe');
    expect(h('what certs does sam seller hold')).toBe('sam seller');
    expect(h('jonas jovanovic certs')).toBe('jonas jovanovic');
    expect(h('show our certs')).toBeUndefined();
  });
});
