import { useEffect, useRef } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/money';
import { formatDuration, formatUtc } from '../../format/time';
import type { RequestState } from '../../hooks/useRequest';
// Registers the chart types the histogram uses with echarts.
import './chartSetup';
import { useEChart } from '../../hooks/useEChart';
import { bucketStart, buildHistogramOption, readChartColours } from './histogramOption';
import type { Histogram as HistogramData } from './useTimelineData';

interface HistogramProps {
  state: RequestState<HistogramData> & { retry: () => void };
  zoomed: boolean;
  /** The user selected a period on the chart: [from, to) as ISO instants. */
  onSelectRange: (from: string, to: string) => void;
  onZoomOut: () => void;
}

interface BrushEndParams {
  areas?: { coordRange?: unknown }[];
}

export function Histogram({ state, zoomed, onSelectRange, onZoomOut }: HistogramProps) {
  const data = state.value;
  return (
    <section className="panel histogram" aria-label="Events over time">
      <div className="histogram-head">
        <div>
          <span className="histogram-total" data-testid="histogram-total">
            {data ? `${formatCount(data.total)} event${data.total === 1 ? '' : 's'}` : '\u00a0'}
          </span>
          {data && data.from && data.to && (
            <span className="histogram-range">
              {formatUtc(data.from)} – {formatUtc(data.to)} UTC · one bar = {formatDuration(data.bucketMs)}
            </span>
          )}
        </div>
        <div className="histogram-actions">
          {state.status === 'loading' && data && <Spinner label="Updating…" />}
          <span className="hint">Drag across the chart to zoom in</span>
          {zoomed && (
            <button type="button" className="button button-small" onClick={onZoomOut}>
              Show all dates
            </button>
          )}
        </div>
      </div>
      {state.status === 'error' && <ErrorPanel message={state.message} onRetry={state.retry} />}
      {!data && state.status === 'loading' && <div className="skeleton chart-skeleton" aria-busy="true" />}
      {data && <HistogramChart data={data} onSelectRange={onSelectRange} />}
    </section>
  );
}

function HistogramChart({ data, onSelectRange }: { data: HistogramData; onSelectRange: HistogramProps['onSelectRange'] }) {
  // The brush handler is registered once; these refs let it see the current data and callback.
  const latest = useRef({ data, onSelectRange });
  useEffect(() => {
    latest.current = { data, onSelectRange };
  });
  const { element, chart } = useEChart((instance) =>
    instance.on('brushEnd', (params: unknown) => {
      const range = (params as BrushEndParams).areas?.[0]?.coordRange;
      instance.dispatchAction({ type: 'brush', areas: [] });
      if (!Array.isArray(range) || range.length !== 2) return;
      const [a, b] = range.map(Number) as [number, number];
      if (!Number.isFinite(a) || !Number.isFinite(b)) return;
      const { data: current, onSelectRange: select } = latest.current;
      if (current.from === null || current.counts.length === 0) return;
      const first = Math.max(0, Math.min(a, b));
      const last = Math.min(current.counts.length - 1, Math.max(a, b));
      select(new Date(bucketStart(current, first)).toISOString(), new Date(bucketStart(current, last + 1)).toISOString());
    }),
  );

  useEffect(() => {
    const instance = chart.current;
    const node = element.current;
    if (!instance || !node) return;
    instance.setOption(buildHistogramOption(data, readChartColours(node)), { notMerge: true });
    // Brushing is the chart's only gesture, so it is armed from the start rather than behind a toolbox button.
    instance.dispatchAction({
      type: 'takeGlobalCursor',
      key: 'brush',
      brushOption: { brushType: 'lineX', brushMode: 'single' },
    });
  }, [data]);

  return (
    <div className="chart-wrap">
      <div
        ref={element}
        className="chart"
        data-testid="histogram-chart"
        role="img"
        aria-label={`Bar chart of ${formatCount(data.total)} events over time. Use the From and To fields to choose dates with the keyboard.`}
      />
      {data.total === 0 && <div className="chart-empty">No events in this period</div>}
    </div>
  );
}
