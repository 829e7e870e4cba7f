import { migration001 } from './001_events';
import { migration002 } from './002_sales_history';
import { migration003 } from './003_failure_index';
import { migration004 } from './004_hourly_counts';
import { migration005 } from './005_integrity';
import { migration006 } from './006_retention';
import { migration007 } from './007_tree_level_4';
import { migration008 } from './008_accounts';
import { migration009 } from './009_terminals';
import { migration010 } from './010_stock_snapshots';
import { migration011 } from './011_alerts';
import { migration012 } from './012_detection_models';
import { migration013 } from './013_forecasts';
import type { Migration } from './types';

/** In order; each version exactly one more than the last (checked by a test). */
export const MIGRATIONS: readonly Migration[] = [
  migration001, migration002, migration003, migration004, migration005,
  migration006, migration007, migration008, migration009, migration010,
  migration011, migration012, migration013,
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
export type { Migration } from './types';
