/**
 * Prepared statements for the calendar's hot reads. Drizzle prepares a new statement for every
 * query it runs; on a month of the calendar that was ~5 ms a request. These are prepared once per
 * connection, and lists of ids go in as one JSON parameter (`in (select value from json_each(?))`),
 * so the SQL text — and the prepared statement — is the same whatever the list's length.
 */
import type Database from 'better-sqlite3'
import type { DbOrTx } from '#db/client.server'

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>()

function clientOf(db: DbOrTx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client
}

export function stmt<Row>(db: DbOrTx, sql: string): Database.Statement<unknown[], Row> {
  const client = clientOf(db)
  let map = cache.get(client)
  if (!map) {
    map = new Map()
    cache.set(client, map)
  }
  let s = map.get(sql)
  if (!s) {
    s = client.prepare(sql)
    map.set(sql, s)
  }
  return s as Database.Statement<unknown[], Row>
}
