import { useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { formatCount } from '../../format/money';
import { roleLabel } from '../auth/access';

type Fairness = ChannelOutput<'alerts.list'>['fairness'];
type Group = Fairness['groups'][number];
type Grouping = Group['by'];

/**
 * Groups with fewer events are shown but not compared (the core's FAIRNESS_MIN_EVENTS,
 * docs/detection.md "Fairness"): a handful of alerts swings a small group's rate.
 */
const MIN_COMPARED_EVENTS = 1000;

const GROUPINGS: readonly { by: Grouping; title: string }[] = [
  { by: 'role', title: 'By role' },
  { by: 'store', title: 'By store' },
];

/** "0.54 %", with more digits for the tiny rates a quiet group has. */
function percent(rate: number): string {
  const value = rate * 100;
  return `${value.toFixed(value > 0 && value < 0.1 ? 3 : 2)} %`;
}

/** "Store manager" for a built-in role; a role only the tills know (`cashier`) reads capitalised too. */
function groupName(group: Group): string {
  if (group.by === 'store') return group.group;
  const label = roleLabel(group.group);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** (highest − lowest) / highest among the compared groups, as the core computes it; null when fewer than two. */
function spreadOf(groups: readonly Group[]): number | null {
  const rates = groups.filter((g) => g.events >= MIN_COMPARED_EVENTS).map((g) => g.rate);
  if (rates.length < 2) return null;
  const high = Math.max(...rates);
  return high === 0 ? 0 : (high - Math.min(...rates)) / high;
}

/**
 * Said before anything else on the screen: alerts from a detection that flags one group far more
 * often than another should not be acted on until someone has checked the rules.
 */
export function FairnessWarning({ fairness }: { fairness: Fairness }) {
  if (fairness.flags.length === 0) return null;
  return (
    <div className="notice notice-warning fairness-warning" role="status" data-testid="fairness-warning">
      <div>
        <strong>Detection flags one group much more often than another:</strong>
        <ul>
          {fairness.flags.map((flag) => (
            <li key={flag}>{flag}</li>
          ))}
        </ul>
        <p>Check the rules’ thresholds (Settings → Detection rules) before acting on these alerts.</p>
      </div>
    </div>
  );
}

/**
 * Detection rates by role and by store, folded away unless a grouping is flagged: who the alerts'
 * evidence comes from, measured against how much each group does.
 */
export function FairnessPanel({ fairness }: { fairness: Fairness }) {
  const flagged = fairness.flags.length > 0;
  const [open, setOpen] = useState(flagged);
  const limit = Math.round(fairness.limit * 100);
  const spreads = GROUPINGS.map(({ by }) => spreadOf(fairness.groups.filter((g) => g.by === by))).filter((s): s is number => s !== null);
  const widest = spreads.length ? Math.max(...spreads) : null;

  return (
    <details
      className={flagged ? 'panel fairness-panel fairness-flagged' : 'panel fairness-panel'}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      data-testid="fairness-panel"
    >
      <summary>
        <span className="fairness-title">Detection rates</span>
        <span className="fairness-summary" data-testid="fairness-summary">
          {fairness.groups.length === 0
            ? 'none yet: detection has not counted any events'
            : widest === null
              ? 'too few large groups to compare'
              : `largest spread ${Math.round(widest * 100)} % — ${widest > fairness.limit ? 'above' : 'within'} the ${limit} % limit`}
        </span>
      </summary>
      <div className="fairness-body">
        <p className="form-note">
          A group’s rate is the share of its events that are evidence of an open alert; detection counts as uneven when, among groups
          of at least {formatCount(MIN_COMPARED_EVENTS)} events, the lowest rate is more than {limit} % below the highest ((highest −
          lowest) ÷ highest), and smaller groups are shown but not compared.
        </p>
        <div className="fairness-groupings">
          {GROUPINGS.map(({ by, title }) => (
            <GroupingRates key={by} by={by} title={title} groups={fairness.groups.filter((g) => g.by === by)} limit={fairness.limit} />
          ))}
        </div>
      </div>
    </details>
  );
}

function GroupingRates({ by, title, groups, limit }: { by: Grouping; title: string; groups: readonly Group[]; limit: number }) {
  const compared = (g: Group) => g.events >= MIN_COMPARED_EVENTS;
  // The compared groups first; a small group's rate (3 of 10 events) would only dwarf their bars.
  const sorted = [...groups].sort((a, b) => Number(compared(b)) - Number(compared(a)) || b.rate - a.rate || b.events - a.events);
  const highest = Math.max(0, ...groups.filter(compared).map((g) => g.rate));
  const spread = spreadOf(groups);
  return (
    <section className="fairness-grouping" aria-label={`Detection rates ${title.toLowerCase()}`} data-testid={`fairness-${by}`}>
      <h3>
        {title}
        {spread !== null && (
          <span className={spread > limit ? 'fairness-spread fairness-spread-over' : 'fairness-spread'}>
            spread {Math.round(spread * 100)} %
          </span>
        )}
      </h3>
      {sorted.length === 0 ? (
        <p className="form-note">No events counted yet.</p>
      ) : (
        <ul className="fairness-rows">
          {sorted.map((group) => (
            <li key={group.group} className={compared(group) ? 'fairness-row' : 'fairness-row fairness-row-small'} data-testid="fairness-group" data-group={group.group}>
              <span className="fairness-name">{groupName(group)}</span>
              {compared(group) ? (
                <span className="fairness-bar" aria-hidden="true">
                  <span className="fairness-bar-fill" style={{ width: `${highest > 0 ? (group.rate / highest) * 100 : 0}%` }} />
                </span>
              ) : (
                <span className="fairness-not-compared">not compared</span>
              )}
              <span className="fairness-rate">
                <strong>{percent(group.rate)}</strong> of {formatCount(group.events)} events
                <span className="fairness-detail"> ({formatCount(group.flagged)} flagged)</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
