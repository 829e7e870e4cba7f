import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import type { StoredEvent } from '../../../../shared/events';
import { useEChart } from '../../hooks/useEChart';
import { buildEvidenceOption, readColours, timelineEventPath } from './evidenceChart';

/** The evidence on a strip of time; a point opens its event on the Timeline (the table below does the same by keyboard). */
export function EvidenceChart({ events }: { events: readonly StoredEvent[] }) {
  const navigate = useNavigate();
  const latest = useRef({ events, navigate });
  useEffect(() => {
    latest.current = { events, navigate };
  });
  const { element, chart } = useEChart((instance) =>
    instance.on('click', (params) => {
      const event = latest.current.events[params.dataIndex];
      if (event) void latest.current.navigate(timelineEventPath(event));
    }),
  );

  const actions = new Set(events.map((e) => e.action)).size;
  useEffect(() => {
    const node = element.current;
    if (chart.current && node) chart.current.setOption(buildEvidenceOption(events, readColours(node)), { notMerge: true });
  }, [events]);

  return (
    <div
      ref={element}
      className="evidence-chart"
      style={{ height: 80 + Math.min(actions, 12) * 26 }}
      data-testid="evidence-chart"
      role="img"
      aria-label={`The ${events.length} evidence events over time, one row per action. The table below lists them.`}
    />
  );
}
