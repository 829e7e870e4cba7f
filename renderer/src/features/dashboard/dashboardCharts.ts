import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { formatCount } from '../../format/money';

// Only what the Dashboard draws is registered; this module sits in its own lazily loaded chunk.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type DashboardOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface CountRow {
  key: string;
  count: number;
}

interface Colours {
  bar: string;
  axis: string;
  grid: string;
  text: string;
  /** The categories' bars, in a second colour so the chart reads as a different measure. */
  share: string;
}

/** Colours come from the stylesheet's variables, as the timeline's do. */
export function readColours(element: Element): Colours {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    bar: read('--chart-bar', '#4a78db'),
    axis: read('--border-strong', '#c8cfd8'),
    grid: read('--border', '#e2e6eb'),
    text: read('--text-muted', '#5a6472'),
    share: read('--chart-share', '#2f8f83'),
  };
}

/**
 * Largest at the top, the name on the left, the count at the bar's end: readable without hovering.
 * `share`: the label also gives the share of the whole (categories, where one usually dwarfs the rest
 * and a pie's small slices could not be read).
 */
export function horizontalBars(rows: readonly CountRow[], colours: Colours, share = false): DashboardOption {
  const ordered = [...rows].reverse();
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const label = (value: number) => (share && total > 0 ? `${formatCount(value)} · ${percent(value / total)}` : formatCount(value));
  return {
    animation: false,
    grid: { left: 8, right: share ? 96 : 56, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'item', confine: true, formatter: (p) => tooltip(p) },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => r.key),
      axisLine: { lineStyle: { color: colours.axis } },
      axisTick: { show: false },
      axisLabel: { color: colours.text, fontSize: 11, width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: ordered.map((r) => r.count),
        barMaxWidth: 16,
        cursor: 'pointer',
        itemStyle: { color: share ? colours.share : colours.bar, borderRadius: [0, 2, 2, 0] },
        label: { show: true, position: 'right', color: colours.text, fontSize: 11, formatter: (p) => label(Number(p.value)) },
      },
    ],
  };
}

function percent(fraction: number): string {
  const value = fraction * 100;
  return value > 0 && value < 1 ? '<1 %' : `${Math.round(value)} %`;
}

function tooltip(params: unknown): string {
  const item = (Array.isArray(params) ? params[0] : params) as { name?: string; value?: unknown } | undefined;
  if (!item) return '';
  return `${item.name ?? ''}<br/><b>${formatCount(Number(item.value))}</b> events`;
}

/** The top few, in words, for the chart's accessible name. */
export function describeTop(rows: readonly CountRow[], shown = 5): string {
  return rows
    .slice(0, shown)
    .map((r) => `${r.key} ${formatCount(r.count)}`)
    .join(', ');
}
