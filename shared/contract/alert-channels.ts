import { z } from 'zod';
import { StoredEventSchema } from '../events';
import { channel } from './channel-spec';

/**
 * Detection's output (docs/detection.md): alerts raised by the rules and the isolation forest, the
 * cases people work them in, the rules' thresholds, and the Dashboard's live figures.
 */
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.output<typeof AlertSeveritySchema>;

/** `open`: nobody has looked yet; `case`: a case holds it; `resolved` / `false_positive`: decided. */
export const ALERT_STATUSES = ['open', 'case', 'resolved', 'false_positive'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);

/** Most evidence events an alert names (the count says how many there were). */
export const MAX_ALERT_EVIDENCE = 200;

const AlertIdSchema = z.string().regex(/^[A-Za-z0-9:._@-]{1,160}$/, 'is not an alert id');
const CaseIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a case id');

export const AlertSchema = z.object({
  /** Stable for the same finding, so running detection again updates an alert instead of adding one. */
  id: z.string(),
  source: z.enum(['rule', 'model']),
  /** The detector: a rule kind (`brute_force`, `refund_rate`, …) or `isolation_forest`. */
  rule: z.string(),
  /** One line a store manager understands: "12 failed logins on S001-T03 in 4 minutes". */
  title: z.string(),
  severity: AlertSeveritySchema,
  /** 0..1: how far past the threshold (rules) or the anomaly score (the model). */
  score: z.number(),
  storeId: z.string(),
  users: z.array(z.string()),
  terminals: z.array(z.string()),
  /** Sequence numbers of the evidence events, oldest first (at most MAX_ALERT_EVIDENCE). */
  evidence: z.array(z.int()),
  /** The same evidence as event ids (UUIDs, which name an event in any copy of the log); filled by alerts.list and alerts.get. */
  evidenceEventIds: z.array(z.string()).optional(),
  evidenceCount: z.int(),
  /** The reasons, most important first, in plain words ("refunds 3.3 × the store's rate for the same shift"). */
  explanation: z.array(z.string()),
  /** The time span of the evidence. */
  from: z.string(),
  to: z.string(),
  detectedAt: z.string(),
  /** The model's version for model alerts (null for rules). */
  modelVersion: z.string().nullable(),
  status: AlertStatusSchema,
  caseId: z.string().nullable(),
});
export type Alert = z.output<typeof AlertSchema>;

export const AlertFilterSchema = z.strictObject({
  status: z.enum(['active', 'all', ...ALERT_STATUSES]).default('active'),
  severity: z.array(AlertSeveritySchema).max(4).optional(),
  source: z.enum(['rule', 'model']).optional(),
  rule: z.string().max(64).optional(),
  storeId: z.string().max(64).optional(),
  userId: z.string().max(128).optional(),
  limit: z.int().min(1).max(500).default(100),
});

/** Detection rates per group (role, store) and whether their spread crossed the fairness limit. */
export const FairnessSchema = z.object({
  /** The largest spread allowed between groups' detection rates, relative to the highest: (max − min) / max (docs/detection.md). */
  limit: z.number(),
  groups: z.array(
    z.object({
      by: z.enum(['role', 'store']),
      group: z.string(),
      events: z.int(),
      flagged: z.int(),
      rate: z.number(),
    }),
  ),
  /** One sentence per grouping whose spread is above the limit. */
  flags: z.array(z.string()),
});

export const CaseCommentSchema = z.object({ id: z.string(), author: z.string(), text: z.string(), at: z.string() });

export const CaseViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'investigating', 'closed']),
  severity: AlertSeveritySchema,
  assignee: z.string().nullable(),
  alertIds: z.array(z.string()),
  comments: z.array(CaseCommentSchema),
  /** How it ended, once closed. */
  resolution: z.enum(['resolved', 'false_positive']).nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type CaseView = z.output<typeof CaseViewSchema>;

export const AlertRuleViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  /** What the rule looks for, in a sentence. */
  description: z.string(),
  group: z.enum(['security', 'loss_prevention']),
  enabled: z.boolean(),
  thresholds: z.record(z.string(), z.number()),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const DetectionRunSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: z.enum(['running', 'completed', 'failed']),
  /** Events looked at, of how many. */
  done: z.int(),
  total: z.int(),
  alertsRaised: z.int(),
  alertsUpdated: z.int(),
  /** The model used, when there was one. */
  modelVersion: z.string().nullable(),
  failure: z.string().nullable(),
  elapsedMs: z.int(),
});

const CountRowSchema = z.object({ key: z.string(), count: z.int() });

/** The Dashboard's figures, all from the database as it is now. */
export const DashboardSummarySchema = z.object({
  /** "Today" and "this week" end at the newest event (a demo or a copy may end in the past). */
  asOf: z.string().nullable(),
  eventsToday: z.int(),
  eventsThisWeek: z.int(),
  alertsBySeverity: z.record(AlertSeveritySchema, z.int()),
  openAlerts: z.int(),
  topUsers: z.array(CountRowSchema),
  topActions: z.array(CountRowSchema),
  categories: z.array(CountRowSchema),
  /** Per cashier over the last 30 days: rates per 100 sales and how each compares with the store's. */
  exceptions: z.array(
    z.object({
      storeId: z.string(),
      userId: z.string(),
      sales: z.int(),
      voids: z.int(),
      postVoids: z.int(),
      refunds: z.int(),
      noReceiptRefunds: z.int(),
      noSales: z.int(),
      discounts: z.int(),
      overrides: z.int(),
      /** The largest of the cashier's rates against the store's, e.g. 3.3 (× the store's refund rate). */
      worstRatio: z.number(),
      worstKind: z.string().nullable(),
    }),
  ),
  fairness: FairnessSchema,
});
export type DashboardSummary = z.output<typeof DashboardSummarySchema>;

export const alertChannels = {
  'alerts.list': channel({
    summary: 'Alerts, most severe and newest first, with the fairness check of the detection rates',
    permission: 'audit:read',
    input: AlertFilterSchema,
    output: z.object({ alerts: z.array(AlertSchema), total: z.int(), fairness: FairnessSchema, lastRun: DetectionRunSchema.nullable() }),
  }),
  'alerts.get': channel({
    summary: 'One alert with its evidence events (oldest first) and its case',
    permission: 'audit:read',
    audit: 'view',
    input: z.strictObject({ id: AlertIdSchema }),
    output: z.object({ alert: AlertSchema, events: z.array(StoredEventSchema), case: CaseViewSchema.nullable() }),
  }),
  'alerts.feedback': channel({
    summary: 'Mark an alert a false positive, confirm it (resolved), or reopen it; the next training run learns from it',
    permission: 'alerts:triage',
    input: z.strictObject({ id: AlertIdSchema, verdict: z.enum(['false_positive', 'resolved', 'reopen']), comment: z.string().trim().max(2000).optional() }),
    output: AlertSchema,
  }),
  'cases.open': channel({
    summary: 'Open a case for an alert (or return the case that already holds it)',
    permission: 'alerts:triage',
    input: z.strictObject({ alertId: AlertIdSchema }),
    output: CaseViewSchema,
  }),
  'cases.update': channel({
    summary: 'Assign a case, add a comment, or change its status',
    permission: 'alerts:triage',
    input: z.strictObject({
      id: CaseIdSchema,
      assignee: z.string().max(64).nullable().optional(),
      status: z.enum(['open', 'investigating']).optional(),
      comment: z.string().trim().min(1).max(2000).optional(),
    }),
    output: CaseViewSchema,
  }),
  'detection.run': channel({
    summary: 'Run detection over the events not yet looked at (rules and the model); progress is pushed as detection.progress',
    permission: 'alerts:triage',
    input: z.strictObject({}),
    output: DetectionRunSchema,
  }),
  'rules.list': channel({
    summary: 'The detection rules and their thresholds',
    permission: 'audit:read',
    input: z.strictObject({}),
    output: z.array(AlertRuleViewSchema),
  }),
  'rules.update': channel({
    summary: 'Turn a rule on or off or change its thresholds (recorded as a config.change event)',
    permission: 'settings:write',
    input: z.strictObject({ id: z.string().max(64), enabled: z.boolean().optional(), thresholds: z.record(z.string(), z.number()).optional() }),
    output: AlertRuleViewSchema,
  }),
  'dashboard.summary': channel({
    summary: 'Events today and this week, alerts by severity, top users and actions, categories, the per-cashier exception table',
    permission: 'audit:read',
    input: z.strictObject({}),
    output: DashboardSummarySchema,
  }),
} as const;
