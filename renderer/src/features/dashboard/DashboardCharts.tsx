import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { filterToSearch, type EventFilter } from '../../../../shared/filter';
import type { DashboardSummary } from '../../../../shared/contract/alert-channels';
import { useEChart } from '../../hooks/useEChart';
import { describeTop, horizontalBars, readColours, type CountRow } from './dashboardCharts';

/** Top users, top actions and the categories; a bar opens the Timeline filtered to it. Loaded lazily with echarts. */
export default function DashboardCharts({ summary }: { summary: DashboardSummary }) {
  return (
    <section className="dashboard-charts" aria-label="Activity in the log">
      <ChartPanel title="Top users" rows={summary.topUsers} kind="bars" filterFor={(key) => ({ user: key })} testId="chart-top-users" />
      <ChartPanel title="Top actions" rows={summary.topActions} kind="bars" filterFor={(key) => ({ action: key })} testId="chart-top-actions" />
      <ChartPanel title="Categories" rows={summary.categories} kind="share" testId="chart-categories" />
    </section>
  );
}

interface ChartPanelProps {
  title: string;
  rows: readonly CountRow[];
  /** `share`: the bars also give each one's share of all events. */
  kind: 'bars' | 'share';
  /** What a click on an item filters the Timeline to; none for charts whose items are not a filter. */
  filterFor?: (key: string) => EventFilter;
  testId: string;
}

function ChartPanel({ title, rows, kind, filterFor, testId }: ChartPanelProps) {
  return (
    <div className="panel dashboard-chart-panel">
      <h2>{title}</h2>
      {rows.length === 0 ? <p className="form-note">No events yet.</p> : <Chart rows={rows} kind={kind} filterFor={filterFor} title={title} testId={testId} />}
    </div>
  );
}

function Chart({ rows, kind, filterFor, title, testId }: Omit<ChartPanelProps, 'rows'> & { rows: readonly CountRow[] }) {
  const navigate = useNavigate();
  const latest = useRef({ rows, filterFor, navigate });
  useEffect(() => {
    latest.current = { rows, filterFor, navigate };
  });
  const { element, chart } = useEChart((instance) =>
    instance.on('click', (params) => {
      const { filterFor: filter, navigate: go } = latest.current;
      if (filter && params.name) void go(`/timeline?${filterToSearch(filter(params.name))}`);
    }),
  );

  useEffect(() => {
    const node = element.current;
    if (!chart.current || !node) return;
    chart.current.setOption(horizontalBars(rows, readColours(node), kind === 'share'), { notMerge: true });
  }, [rows, kind]);

  return (
    <div
      ref={element}
      className="dashboard-chart"
      style={{ height: Math.max(120, rows.length * 24 + 16) }}
      role="img"
      aria-label={`${title}: ${describeTop(rows)}.${filterFor ? ' Click a bar to see those events on the Timeline.' : ''}`}
      data-testid={testId}
    />
  );
}
