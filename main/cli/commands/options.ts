import { InvalidArgumentError, Option } from 'commander';
import { STATUSES } from '../../../shared/events';

export function dbOption(): Option {
  return new Option('--db <file>', 'database file').env('WATCHDOG_DB');
}

export function intOption(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

export function statusOption(value: string): string {
  if (!(STATUSES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${STATUSES.join(', ')}`);
  return value;
}

/** Who runs the command (its role decides what it may do); the password comes from WATCHDOG_PASSWORD or a prompt. */
export function userOption(): Option {
  return new Option('--user <name>', 'log in as this user (password from WATCHDOG_PASSWORD, or typed at the prompt)').env('WATCHDOG_USER');
}
