import { ScatterChart, type ScatterSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { StoredEvent } from '../../../../shared/events';
import { filterToSearch } from '../../../../shared/filter';
import { formatMoney } from '../../format/money';
import { formatBucketLabel, formatUtc } from '../../format/time';

// Only the strip chart's parts are registered; echarts keeps one registry, so the timeline's are shared.
echarts.use([ScatterChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type EvidenceOption = echarts.ComposeOption<ScatterSeriesOption | GridComponentOption | TooltipComponentOption>;

/** The Timeline with the event's drawer open, among that user's events (or everyone's, for a till event with no user). */
export function timelineEventPath(event: Pick<StoredEvent, 'seq' | 'user_id'>): string {
  const filter = filterToSearch(event.user_id ? { user: event.user_id } : {});
  return `/timeline?${filter ? `${filter}&` : ''}event=${event.seq}`;
}

interface Colours {
  point: string;
  failure: string;
  axis: string;
  grid: string;
  text: string;
}

export function readColours(element: Element): Colours {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    point: read('--chart-bar', '#4a78db'),
    failure: read('--failure', '#b3261e'),
    axis: read('--border-strong', '#c8cfd8'),
    grid: read('--border', '#e2e6eb'),
    text: read('--text-muted', '#5a6472'),
  };
}

/** One row per action, time across: a burst, a pattern across shifts or a lone event is visible at a glance. */
export function buildEvidenceOption(events: readonly StoredEvent[], colours: Colours): EvidenceOption {
  const actions = [...new Set(events.map((e) => e.action))].sort();
  const first = Date.parse(events[0]?.ts ?? '');
  const last = Date.parse(events.at(-1)?.ts ?? '');
  // A single instant still needs an axis wide enough to draw on.
  const pad = Math.max(60_000, (last - first) * 0.04);
  const span = last - first + 2 * pad;
  // Days across a long span, the clock within one: the same rule as the timeline's axis.
  const labelBucket = span > 2 * 86_400_000 ? 86_400_000 : 60_000;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 10, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        const event = events[item?.dataIndex ?? -1];
        if (!event) return '';
        const amount = formatMoney(event.amount_minor, event.currency);
        const who = [event.user_id, event.terminal_id].filter(Boolean).join(' · ');
        return `${formatUtc(event.ts)} UTC<br/><b>${event.action}</b>${amount ? ` ${amount}` : ''}${event.status === 'failure' ? ' (failed)' : ''}<br/>${who}<br/><i>Click to open on the Timeline</i>`;
      },
    },
    xAxis: {
      type: 'time',
      min: first - pad,
      max: last + pad,
      axisLine: { lineStyle: { color: colours.axis } },
      splitNumber: 6,
      axisLabel: { color: colours.text, fontSize: 11, hideOverlap: true, formatter: (value: number) => formatBucketLabel(value, labelBucket, span) },
      splitLine: { show: true, lineStyle: { color: colours.grid } },
    },
    yAxis: {
      type: 'category',
      data: actions,
      axisLine: { lineStyle: { color: colours.axis } },
      axisTick: { show: false },
      axisLabel: { color: colours.text, fontSize: 11 },
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 9,
        cursor: 'pointer',
        data: events.map((e) => ({
          value: [Date.parse(e.ts), e.action],
          itemStyle: { color: e.status === 'failure' ? colours.failure : colours.point, opacity: 0.8 },
        })),
      },
    ],
  };
}
