import type { z } from 'zod';
import type { Permission } from '../permissions';

/**
 * A request the core answers. `permission` is what the caller's role must grant; `null` means any
 * logged-in user, and `public` channels (login, first-run setup) answer before login too. `audit`
 * marks the looks at the log that are themselves recorded in it (`audit.view`, …) with the user and
 * the query.
 */
export interface ChannelSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  permission: Permission | null;
  public?: true;
  audit?: 'view' | 'export' | 'verify';
  /** One line for `--help` screens and docs. */
  summary: string;
}

export const channel = <I extends z.ZodType, O extends z.ZodType>(spec: ChannelSpec<I, O>) => spec;
