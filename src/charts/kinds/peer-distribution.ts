import { textWidth } from '../font.ts';
import type { PreparedChart } from '../prepare.ts';
import { fitWords, pixels } from '../text-fit.ts';
import { INNER_WIDTH, LABEL_SIZE, PRIMARY, SOFT, VALUE_SIZE } from '../theme.ts';
import { frame, niceMax, uniqueLabels, type LayerTopLevel, type Row } from './frame.ts';
import { periodAxis } from './trend-scale.ts';

// A histogram of peers: how many partners fall in each bucket, the asker's bucket in the strong
// colour with "You" above it. Only counts are drawn; no peer is ever named.

const HEIGHT = 220;

export function peerDistributionSpec(chart: PreparedChart): LayerTopLevel {
  const counts = chart.series[0]?.values ?? [];
  const n = chart.categories.length;
  const buckets = uniqueLabels(chart.categories.map((c) => fitWords(c, 140, pixels(LABEL_SIZE))));
  const plot = INNER_WIDTH - 40;
  const slot = plot / Math.max(1, n);
  // Every range is labelled, slanted if need be; only past some twenty ranges every second one.
  const axis = periodAxis(buckets, plot, true);
  const mine = chart.highlight;

  const data: Row[] = buckets.map((b, i) => {
    const v = counts[i] ?? null;
    return {
      bucket: b,
      count: v ?? 0,
      label: v === null ? '' : chart.format.count(v),
      tone: i === mine ? 'you' : 'peers',
      you: i === mine ? 'You' : '',
    };
  });
  const max = niceMax(data.map((d) => Number(d.count)));
  // Counts over the bars while each fits over its own bar; the axis tells them otherwise.
  const counted = data.every((d) => textWidth(String(d.label), VALUE_SIZE) <= slot - 2);

  const x = {
    field: 'bucket',
    type: 'ordinal' as const,
    sort: buckets,
    title: null,
    scale: { paddingInner: 0.12, paddingOuter: 0.06 },
    axis: {
      ...axis,
      labelOverlap: false,
      ticks: false,
      domainColor: '#D1D5DB',
    },
  };
  const y = {
    field: 'count',
    type: 'quantitative' as const,
    title: 'Partners',
    // Head room for the count and the "You" tag above the tallest bar.
    scale: { domain: [0, max * (mine === null ? 1.12 : 1.25)], nice: false },
    axis: { format: ',.0f', tickMinStep: 1, tickCount: 5, domain: false, ticks: false, grid: true },
  };

  return frame(
    chart,
    {
      height: HEIGHT,
      subtitle: mine === null ? 'Partners in each range' : 'Partners in each range · your range highlighted',
      data,
    },
    [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          x,
          y,
          color: { field: 'tone', type: 'nominal', scale: { domain: ['you', 'peers'], range: [PRIMARY, SOFT] }, legend: null },
        },
      },
      ...(counted
        ? [
            {
              mark: { type: 'text' as const, baseline: 'bottom' as const, dy: -3, fontSize: VALUE_SIZE, color: '#374151' },
              encoding: { x, y, text: { field: 'label', type: 'nominal' as const } },
            },
          ]
        : []),
      {
        mark: { type: 'text', baseline: 'bottom', dy: counted ? -17 : -3, fontSize: VALUE_SIZE, fontWeight: 600, color: PRIMARY },
        encoding: { x, y, text: { field: 'you', type: 'nominal' } },
      },
    ],
  );
}
