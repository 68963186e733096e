/**
 * Statements prepared once per connection, for the hot paths: the calendar's reads and the booking
 * rush. Drizzle builds a query's SQL and has SQLite compile it on every call, which cost more than
 * running it (about 5 ms on a month of the calendar, half a hold's time in a rush).
 */
import type Database from 'better-sqlite3'
import type { Db, DbOrTx } from './client.server'

/** The better-sqlite3 connection under a Drizzle database or transaction (they share it). */
export function clientOf(db: DbOrTx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/**
 * A raw SQL statement, prepared on first use. Lists of ids go in as one JSON parameter
 * (`in (select value from json_each(?))`), so the SQL text stays the same whatever their length.
 */
export function stmt<Row>(db: DbOrTx, sql: string): Database.Statement<unknown[], Row> {
  const client = clientOf(db)
  let map = statements.get(client)
  if (!map) statements.set(client, (map = new Map()))
  let s = map.get(sql)
  if (!s) map.set(sql, (s = client.prepare(sql)))
  return s as Database.Statement<unknown[], Row>
}

/**
 * Drizzle queries with placeholders (`sql.placeholder`), prepared once per connection. They run
 * on the connection, so inside a transaction they are part of it.
 */
export function preparedOnce<T>(build: (db: Db) => T): (db: DbOrTx) => T {
  const built = new WeakMap<Database.Database, T>()
  return (db) => {
    const client = clientOf(db)
    let queries = built.get(client)
    if (!queries) built.set(client, (queries = build(db as Db)))
    return queries
  }
}
