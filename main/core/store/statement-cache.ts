import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from './database';

/** Statements prepared once per distinct SQL text (filters combine into a few dozen shapes at most). */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  get(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
