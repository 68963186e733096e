/**
 * The one database connection of the process.
 *
 * The Remix server bundle and server.ts each load their own copy of this module (Vite bundles
 * it into build/server), so the connection lives on globalThis: both copies share it, and so does
 * the dev server across hot reloads.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

type Holder = { path: string; db: Db }
const KEY = Symbol.for('open-russia-club.db')
const g = globalThis as unknown as { [KEY]?: Holder }

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), 'db/migrations')

export function databasePath() {
  return path.resolve(process.env.DATABASE_PATH ?? './data/club.db')
}

/** Opens a database file with the pragmas paid orders need, and brings its schema up to date. */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  // FULL: an acknowledged payment survives a power cut, not just a crash of the process.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema }) as Db
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
  return db
}

/** The process's connection, opened (and migrated) on first use. */
export function getDb(): Db {
  const file = databasePath()
  const held = g[KEY]
  if (held && held.path === file && held.db.$client.open) return held.db
  if (held?.db.$client.open) held.db.$client.close()
  const db = openDatabase(file)
  g[KEY] = { path: file, db }
  return db
}

/** For graceful shutdown and tests: checkpoints the WAL and closes. */
export function closeDb() {
  const held = g[KEY]
  if (!held) return
  if (held.db.$client.open) {
    held.db.$client.pragma('wal_checkpoint(TRUNCATE)')
    held.db.$client.close()
  }
  delete g[KEY]
}

export { schema }

/** A transaction handle; domain functions that write take `Db | Tx` so callers can compose them. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx
