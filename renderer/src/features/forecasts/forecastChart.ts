import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Aggregation } from '../../../../shared/contract/forecast-channels';
import { formatDay, formatPeriod, formatUnits } from './forecastText';
import type { ForecastSeries } from './useForecastData';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export type ForecastOption = echarts.ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | DataZoomComponentOption | MarkLineComponentOption | MarkAreaComponentOption
>;

export interface Colours {
  history: string;
  forecast: string;
  axis: string;
  grid: string;
  text: string;
  actual: string;
}

export function readColours(element: Element): Colours {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    history: read('--chart-history', '#5a6472'),
    forecast: read('--chart-bar', '#4a78db'),
    axis: read('--border-strong', '#c8cfd8'),
    grid: read('--border', '#e2e6eb'),
    text: read('--text-muted', '#5a6472'),
    actual: read('--chart-share', '#2f8f83'),
  };
}

/** Daily charts open on the last four months and the forecast; the slider reaches back to the rest. */
const DAILY_WINDOW_DAYS = 120;

type Cell = number | null;

type Point = ForecastSeries['forecast'][number];

/** The first and last day of the store's sales history (the catalogue's), to tell part-covered periods. */
export interface SaleSpan {
  first: string | null;
  last: string | null;
}

/**
 * The forecast as the chart draws it. With weeks or months, the period the history ends in is split:
 * the history holds the days sold so far, the forecast the days still to come. That period's forecast
 * is drawn as the whole period's (sold so far + still to come), and its part-sold history is left off
 * the line, so neither line dips at the boundary; the tooltip gives both parts.
 */
export function periodForecast(series: ForecastSeries, lastSaleDate: string | null): { points: Point[]; soldSoFar: { date: string; units: number } | null } {
  const last = series.history.at(-1);
  const first = series.forecast[0];
  // Likewise the period the horizon ends in may be only partly forecast: it would dip at the end, so it is left off.
  const points = lastSaleDate && endsPartway(series, lastSaleDate) ? series.forecast.slice(0, -1) : series.forecast;
  if (!last || !first || last.date !== first.date) return { points, soldSoFar: null };
  const sold = last.units;
  const whole = { date: first.date, mean: first.mean + sold, lower80: first.lower80 + sold, upper80: first.upper80 + sold, lower95: first.lower95 + sold, upper95: first.upper95 + sold };
  return { points: [whole, ...points.slice(1)], soldSoFar: last };
}

const DAY_MS = 86_400_000;

/** Whether the horizon's last day falls before the end of the last forecast week or month. */
export function endsPartway(series: ForecastSeries, lastSaleDate: string): boolean {
  const lastPoint = series.forecast.at(-1);
  if (series.aggregation === 'day' || !lastPoint || series.forecast.length < 2) return false;
  const horizonEnd = Date.parse(`${lastSaleDate.slice(0, 10)}T00:00:00Z`) + series.horizon * DAY_MS;
  const start = new Date(`${lastPoint.date}T00:00:00Z`);
  const periodEnd =
    series.aggregation === 'week' ? start.getTime() + 6 * DAY_MS : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) - DAY_MS;
  return horizonEnd < periodEnd;
}

/** One row per period, history and forecast on one category axis, so the bands can be stacked by index. */
function table(series: ForecastSeries, span: SaleSpan) {
  const { points, soldSoFar } = periodForecast(series, span.last);
  const firstSaleDate = span.first;
  const whole = soldSoFar ? series.history.slice(0, -1) : series.history;
  // A week or month that began before the first recorded sale holds only part of its days; left off the line too.
  const sold = whole.length > 2 && firstSaleDate && whole[0]!.date < firstSaleDate ? whole.slice(1) : whole;
  const dates = [...new Set([...series.history.map((h) => h.date), ...points.map((f) => f.date)])].sort();
  const index = new Map(dates.map((d, i) => [d, i]));
  const empty = (): Cell[] => dates.map(() => null);
  const history = empty();
  const mean = empty();
  const low95 = empty();
  const width95 = empty();
  const low80 = empty();
  const width80 = empty();
  for (const h of sold) history[index.get(h.date) ?? 0] = h.units;
  for (const f of points) {
    const i = index.get(f.date) ?? 0;
    mean[i] = f.mean;
    low95[i] = f.lower95;
    width95[i] = f.upper95 - f.lower95;
    low80[i] = f.lower80;
    width80[i] = f.upper80 - f.lower80;
  }
  // The forecast line starts from the last whole period sold, so the two lines meet.
  const lastSold = sold.at(-1);
  if (lastSold && points.length > 0) mean[index.get(lastSold.date) ?? 0] = lastSold.units;
  return { dates, history, mean, low95, width95, low80, width80, points, soldSoFar, boundary: lastSold?.date };
}

function band(name: string, stack: string, low: Cell[], width: Cell[], colour: string, opacity: number): LineSeriesOption[] {
  const hidden = { opacity: 0 };
  return [
    { name: `${name} (lower)`, type: 'line', stack, stackStrategy: 'all', data: low, symbol: 'none', lineStyle: hidden, silent: true, tooltip: { show: false } },
    {
      name,
      type: 'line',
      stack,
      stackStrategy: 'all',
      data: width,
      symbol: 'none',
      lineStyle: hidden,
      itemStyle: { color: colour, opacity: opacity * 2 },
      areaStyle: { color: colour, opacity },
      silent: true,
    },
  ];
}

function tooltipText(series: ForecastSeries, t: ReturnType<typeof table>, dataIndex: number): string {
  const date = t.dates[dataIndex];
  if (!date) return '';
  const lines = [`<b>${formatPeriod(date, series.aggregation)}</b>`];
  const sold = series.history.find((h) => h.date === date);
  const point = t.points.find((f) => f.date === date);
  if (sold) lines.push(t.soldSoFar?.date === date ? `Sold so far: ${formatUnits(sold.units)} (the ${series.aggregation} is not over)` : `Sold: ${formatUnits(sold.units)}`);
  if (point) {
    lines.push(`Forecast${t.soldSoFar?.date === date ? ' for the whole ' + series.aggregation : ''}: ${formatUnits(point.mean)}`);
    lines.push(`80 %: ${formatUnits(point.lower80)} – ${formatUnits(point.upper80)}`);
    lines.push(`95 %: ${formatUnits(point.lower95)} – ${formatUnits(point.upper95)}`);
  }
  return lines.join('<br/>');
}

function axisLabel(date: string, aggregation: Aggregation): string {
  const day = formatDay(date);
  if (aggregation === 'month') return day.replace(/^\d+ /, '');
  return day.replace(/ \d{4}$/, '');
}

/** History and forecast with its 80 % and 95 % bands; the forecast's side of the boundary is shaded. */
export function buildForecastOption(series: ForecastSeries, span: SaleSpan, colours: Colours): ForecastOption {
  const t = table(series, span);
  const boundary = t.boundary;
  const firstForecast = t.points[0]?.date;
  const lastDate = t.dates.at(-1);
  const daily = series.aggregation === 'day';
  const startIndex = daily && boundary ? Math.max(0, (t.dates.indexOf(boundary) ?? 0) - DAILY_WINDOW_DAYS) : 0;
  return {
    animation: false,
    grid: { left: 12, right: 24, top: 52, bottom: daily ? 56 : 24, containLabel: true },
    legend: {
      top: 4,
      left: 0,
      data: ['Sold', 'Forecast', '80 % interval', '95 % interval'],
      textStyle: { color: colours.text, fontSize: 12 },
      selectedMode: false,
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line' },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        return tooltipText(series, t, first?.dataIndex ?? -1);
      },
    },
    xAxis: {
      type: 'category',
      data: t.dates,
      boundaryGap: false,
      axisLine: { lineStyle: { color: colours.axis } },
      axisLabel: { color: colours.text, fontSize: 11, hideOverlap: true, formatter: (value: string) => axisLabel(value, series.aggregation) },
    },
    yAxis: {
      type: 'value',
      name: `Units a ${series.aggregation}`,
      nameTextStyle: { color: colours.text, fontSize: 11, align: 'left' },
      axisLabel: { color: colours.text, fontSize: 11 },
      splitLine: { lineStyle: { color: colours.grid } },
    },
    dataZoom: daily
      ? [
          { type: 'inside', startValue: startIndex, endValue: t.dates.length - 1 },
          { type: 'slider', startValue: startIndex, endValue: t.dates.length - 1, height: 20, bottom: 8, labelFormatter: (_: number, value: string) => formatDay(value) },
        ]
      : [],
    series: [
      ...band('95 % interval', 'band95', t.low95, t.width95, colours.forecast, 0.14),
      ...band('80 % interval', 'band80', t.low80, t.width80, colours.forecast, 0.26),
      {
        name: 'Sold',
        type: 'line',
        data: t.history,
        symbol: 'none',
        lineStyle: { color: colours.history, width: 1.3 },
        itemStyle: { color: colours.history },
        markLine:
          boundary && firstForecast
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { color: colours.text, type: 'dashed', width: 1 },
                label: { formatter: 'Forecast →', color: colours.text, fontSize: 11, position: 'end', distance: 4 },
                data: [{ xAxis: boundary }],
              }
            : undefined,
        markArea:
          firstForecast && lastDate
            ? { silent: true, itemStyle: { color: 'rgba(74, 120, 219, 0.05)' }, data: [[{ xAxis: boundary ?? firstForecast }, { xAxis: lastDate }]] }
            : undefined,
      },
      {
        name: 'Forecast',
        type: 'line',
        data: t.mean,
        symbol: series.aggregation === 'day' ? 'none' : 'circle',
        symbolSize: 5,
        lineStyle: { color: colours.forecast, width: 2 },
        itemStyle: { color: colours.forecast },
      },
    ],
  };
}

type Accuracy = NonNullable<ForecastSeries['accuracy']>;

/** What past forecasts said against what then sold, day by day. */
export function buildAccuracyOption(accuracy: Accuracy, colours: Colours): ForecastOption {
  const dates = accuracy.points.map((p) => p.date);
  return {
    animation: false,
    grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, textStyle: { color: colours.text, fontSize: 11 }, selectedMode: false },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: {
      type: 'category',
      data: dates,
      axisLine: { lineStyle: { color: colours.axis } },
      axisLabel: { color: colours.text, fontSize: 10, hideOverlap: true, formatter: (value: string) => axisLabel(value, 'day') },
    },
    yAxis: { type: 'value', axisLabel: { color: colours.text, fontSize: 10 }, splitLine: { lineStyle: { color: colours.grid } } },
    series: [
      { name: 'Forecast then', type: 'line', data: accuracy.points.map((p) => p.forecast), symbol: 'none', lineStyle: { color: colours.forecast, type: 'dashed' }, itemStyle: { color: colours.forecast } },
      { name: 'Sold', type: 'line', data: accuracy.points.map((p) => p.actual), symbol: 'none', lineStyle: { color: colours.actual }, itemStyle: { color: colours.actual } },
    ],
  };
}
