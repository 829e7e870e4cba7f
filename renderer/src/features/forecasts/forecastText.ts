import type { Aggregation, ForecastRun } from '../../../../shared/contract/forecast-channels';
import { formatUtc, formatUtcDate } from '../../format/time';

export const AGGREGATION_TEXT: Record<Aggregation, { label: string; unit: string }> = {
  day: { label: 'Daily', unit: 'day' },
  week: { label: 'Weekly', unit: 'week' },
  month: { label: 'Monthly', unit: 'month' },
};

/** The core names model families in lower case; a manager reads the usual spelling. */
const MODEL_NAMES: Record<string, string> = {
  ets: 'ETS (exponential smoothing)',
  arima: 'ARIMA',
  theta: 'Theta',
  prophet: 'Prophet-style',
  lstm: 'LSTM (neural network)',
  combo: 'Combination',
  naive: 'Naive',
  snaive: 'Seasonal naive',
  croston: 'Croston',
};

export function modelName(name: string): string {
  return MODEL_NAMES[name.toLowerCase()] ?? name;
}

/** '—' stands for "not measured", never for zero. */
export function formatMetric(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatPercent(value: number | null | undefined): string {
  const text = formatMetric(value, 1);
  return text === '—' ? text : `${text} %`;
}

/** Units: whole numbers once they are large, one decimal for slow sellers. */
export function formatUnits(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(undefined, { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 1 });
}

export function formatDay(date: string | null | undefined): string {
  return date ? formatUtcDate(`${date.slice(0, 10)}T00:00:00Z`) : '—';
}

/** The period a point stands for: "3 Mar 2026", "week of 2 Mar 2026", "Mar 2026". */
export function formatPeriod(date: string, aggregation: Aggregation): string {
  const day = formatDay(date);
  if (aggregation === 'week') return `week of ${day}`;
  if (aggregation === 'month') return day.replace(/^\d+ /, '');
  return day;
}

export function lastRunText(run: ForecastRun): string {
  const when = `${formatUtc(run.finishedAt ?? run.startedAt)} UTC`;
  if (run.state === 'running') return `Training since ${formatUtc(run.startedAt)} UTC — ${run.done} of ${run.total} series.`;
  if (run.state === 'failed') return `Last training ${when} stopped: ${run.failure ?? 'no reason was given'}.`;
  return `Last trained ${when}: ${run.done} series in ${(run.elapsedMs / 1000).toFixed(1)} s.`;
}

export function lstmText(run: ForecastRun): string {
  const { lstm } = run;
  if (!lstm.trained) return `The LSTM did not take part${lstm.note ? `: ${lstm.note}` : '.'}`;
  const how = [lstm.backend, lstm.trainMs !== null ? `${(lstm.trainMs / 1000).toFixed(1)} s to train` : null].filter(Boolean).join(', ');
  return `The LSTM took part${how ? ` (${how})` : ''}${lstm.note ? ` — ${lstm.note}` : ''}.`;
}
