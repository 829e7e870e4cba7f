import type { AlertSeverity } from '../../../../shared/contract/alert-channels';
import type { Db } from '../../store/database';
import type { ShiftTallies, TallyOptions } from './shift-tallies';

export type RuleGroup = 'security' | 'loss_prevention';

/** A rule as the catalogue defines it: its defaults and the range each threshold may be set to. */
export interface RuleDefinition {
  kind: string;
  name: string;
  /** What the rule looks for, in a sentence a store manager understands. */
  description: string;
  group: RuleGroup;
  defaults: Readonly<Record<string, number>>;
  /** Inclusive [min, max] per threshold; `rules.update` refuses values outside. */
  limits: Readonly<Record<string, readonly [number, number]>>;
}

/** A rule as configured now (its alertRules document, or the defaults). */
export interface RuleConfig {
  kind: string;
  enabled: boolean;
  thresholds: Readonly<Record<string, number>>;
}

/** What a detector found, before the alert store gives it a status and a detection time. */
export interface AlertDraft {
  /** Stable for the same finding (`rule:refund_rate:S001:u-104`), at most 64 characters. */
  id: string;
  source: 'rule' | 'model';
  rule: string;
  title: string;
  severity: AlertSeverity;
  score: number;
  storeId: string;
  users: string[];
  terminals: string[];
  /** Every evidence seq, oldest first; the store keeps the first MAX_ALERT_EVIDENCE. */
  evidence: number[];
  explanation: string[];
  from: string;
  to: string;
  modelVersion: string | null;
}

/** The part of the log one run looks at. */
export interface RuleScope {
  db: Db;
  /** New events are those with afterSeq < seq ≤ toSeq. */
  afterSeq: number;
  toSeq: number;
  /** Evidence of the rules that ran before in this run (off-hours leaves those sessions to them). */
  covered: Set<number>;
  /** The stores with new events, and the time of each one's newest event (rate windows end there). */
  changedStores(): readonly { storeId: string; lastTsMs: number }[];
  /** A store's shift tallies for a window, computed once per run for the rate rules that share it. */
  tallies(storeId: string, to: number, options: TallyOptions): ShiftTallies;
}

export type RuleEvaluator = (scope: RuleScope, thresholds: Readonly<Record<string, number>>) => AlertDraft[];
