// better-sqlite3 prepares a statement on every call, and Kysely's SQLite dialect asks for one per query:
// preparing costs more than running the small queries of a page view. This hands Kysely's own dialect the
// database with its statements kept by SQL text (the query builder yields a bounded set of texts).

import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Beyond this many texts (`in` lists of many lengths, say) the cache starts over. */
const MAX_STATEMENTS = 500;

export function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}
