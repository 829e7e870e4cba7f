import { formatCount } from '../../format/money';
import { formatBucketLabel, formatBucketRange } from '../../format/time';
import type { HistogramOption } from './chartSetup';
import type { Histogram } from './useTimelineData';

export interface ChartColours {
  bar: string;
  barHover: string;
  axis: string;
  grid: string;
  text: string;
  brush: string;
}

/** Colours come from the stylesheet's variables so the chart and the page can never disagree. */
export function readChartColours(element: Element): ChartColours {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    bar: read('--chart-bar', '#3b6fd8'),
    barHover: read('--accent-strong', '#2453b3'),
    axis: read('--border-strong', '#c4cad3'),
    grid: read('--border', '#e3e7ec'),
    text: read('--text-muted', '#5b6573'),
    brush: read('--accent-soft', 'rgba(59, 111, 216, 0.15)'),
  };
}

export function bucketStart(histogram: Histogram, index: number): number {
  return Date.parse(histogram.from ?? '') + index * histogram.bucketMs;
}

export function buildHistogramOption(histogram: Histogram, colours: ChartColours): HistogramOption {
  const span = histogram.counts.length * histogram.bucketMs;
  const labels = histogram.counts.map((_, i) => formatBucketLabel(bucketStart(histogram, i), histogram.bucketMs, span));
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 12, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const index = first?.dataIndex ?? 0;
        const count = histogram.counts[index] ?? 0;
        return `${formatBucketRange(bucketStart(histogram, index), histogram.bucketMs)}<br/><b>${formatCount(count)}</b> event${count === 1 ? '' : 's'}`;
      },
    },
    brush: {
      xAxisIndex: 0,
      brushType: 'lineX',
      brushMode: 'single',
      brushStyle: { color: colours.brush, borderColor: colours.bar, borderWidth: 1 },
      outOfBrush: { colorAlpha: 0.35 },
      removeOnClick: true,
    },
    xAxis: {
      type: 'category',
      data: labels,
      axisLine: { lineStyle: { color: colours.axis } },
      axisTick: { alignWithLabel: true, lineStyle: { color: colours.axis } },
      axisLabel: { color: colours.text, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 3,
      splitLine: { lineStyle: { color: colours.grid } },
      axisLabel: { color: colours.text, fontSize: 11, formatter: (value: number) => compactCount(value) },
    },
    series: [
      {
        type: 'bar',
        data: histogram.counts,
        barCategoryGap: '18%',
        itemStyle: { color: colours.bar, borderRadius: [2, 2, 0, 0] },
        emphasis: { itemStyle: { color: colours.barHover } },
      },
    ],
  };
}

function compactCount(value: number): string {
  if (value >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (value >= 1_000) return `${trim(value / 1_000)}k`;
  return String(value);
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}
