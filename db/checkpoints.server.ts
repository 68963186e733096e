/**
 * WAL checkpoints off the event loop. SQLite copies the write-ahead log back into the database file
 * (a checkpoint) from inside whichever COMMIT crosses wal_autocheckpoint pages, and better-sqlite3
 * runs that COMMIT on the event loop's only thread: in a booking rush, a checkpoint and its fsync
 * every second or so stalled every request in flight (p99 of holds 214–224 ms against 159–160 ms
 * without; bench/booking.bench.ts). A worker thread with a connection of its own runs PASSIVE
 * checkpoints instead, which never block the writer. The main connection keeps a high automatic
 * threshold as a safety net, should the worker ever fall behind or stop.
 */
import { Worker } from 'node:worker_threads'
import type { Db } from './client.server'

/** The safety net: the main connection checkpoints by itself past about 40 MB of log. */
const SAFETY_NET_PAGES = 10_000

// Plain CommonJS evaluated in the worker: no build step, and better-sqlite3 is the only dependency.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require('better-sqlite3')
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
// FULL: the database file is fsynced before the log is reused, as the main connection would.
db.pragma('synchronous = FULL')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage({ error: String(error) }) }
}, workerData.everyMs)
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); db.close(); parentPort.close() }
})
`

export function startBackgroundCheckpoints(db: Db, { everyMs = 500, onError = (message: string) => console.error(message) } = {}) {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.$client.name, everyMs } })
  worker.unref()
  worker.on('message', (m: { error?: string }) => m.error && onError(`background checkpoint failed: ${m.error}`))
  worker.on('error', (error) => onError(`background checkpoints stopped: ${String(error)}`))
  db.$client.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`)
  return {
    /** Stops the worker (before the main connection's final checkpoint and close). */
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve())
        worker.postMessage('stop')
      }),
  }
}
