/**
 * Group commit for the booking rush. With `synchronous = FULL` every COMMIT waits for the disk (an
 * fsync, about a millisecond here), and better-sqlite3 waits on the event loop's only thread: in a
 * rush that was a third of each hold's time. Writes that arrive in the same turn of the event loop
 * run here one after another inside one IMMEDIATE transaction, each in a savepoint of its own, and
 * share one COMMIT. Nobody is answered before that COMMIT has reached the disk, so a hold that was
 * acknowledged is exactly as durable as before; only the number of fsyncs changes.
 *
 * A piece of work that throws is rolled back to its savepoint and rejects alone; the others still
 * commit. If the COMMIT itself fails, nothing of the group was written and every caller is told.
 */
import type Database from 'better-sqlite3'
import type { Db } from './client.server'

type Job = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }

const queues = new WeakMap<Database.Database, Job[]>()

export function inGroupCommit<T>(db: Db, work: () => T): Promise<T> {
  const client = db.$client
  let queue = queues.get(client)
  if (!queue) queues.set(client, (queue = []))
  const jobs = queue
  return new Promise<T>((resolve, reject) => {
    jobs.push({ work, resolve: resolve as (value: unknown) => void, reject })
    // The first job of a turn schedules the group; the rest of the turn's jobs join it.
    if (jobs.length === 1) setImmediate(() => commitGroup(client, jobs))
  })
}

function commitGroup(client: Database.Database, queue: Job[]) {
  const jobs = queue.splice(0)
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = []
  try {
    client
      .transaction(() => {
        for (const job of jobs) {
          try {
            // Nested inside the group's transaction, better-sqlite3 makes this a savepoint.
            outcomes.push({ ok: true, value: client.transaction(job.work)() })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
      .immediate()
  } catch (error) {
    for (const job of jobs) job.reject(error)
    return
  }
  jobs.forEach((job, i) => {
    const outcome = outcomes[i]!
    if (outcome.ok) job.resolve(outcome.value)
    else job.reject(outcome.error)
  })
}
