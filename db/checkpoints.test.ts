import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { openDatabase } from './client.server'
import { startBackgroundCheckpoints } from './checkpoints.server'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

/** Writes about 12 MB through the log in 3,000 small transactions; returns the database file's largest size meanwhile. */
async function writeMuch(file: string, withWorker: boolean) {
  const db = openDatabase(file)
  const checkpoints = withWorker ? startBackgroundCheckpoints(db, { everyMs: 20 }) : null
  if (!withWorker) db.$client.pragma('wal_autocheckpoint = 10000') // the same safety net, and nothing else
  db.$client.exec('create table pages (body blob)')
  const insert = db.$client.prepare('insert into pages (body) values (?)')
  let largest = 0
  for (let i = 0; i < 3000; i++) {
    insert.run(Buffer.alloc(4000, i % 256))
    if (i % 50 === 0) {
      await new Promise((r) => setTimeout(r, 5))
      largest = Math.max(largest, fs.statSync(file).size)
    }
  }
  await checkpoints?.stop()
  const rows = (db.$client.prepare('select count(*) as n from pages').get() as { n: number }).n
  db.$client.close()
  return { largest, rows }
}

function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'))
  dirs.push(dir)
  return path.join(dir, 'club.db')
}

test('a worker copies the log into the database file while the main connection only writes', async () => {
  const without = await writeMuch(tempFile(), false)
  const withWorker = await writeMuch(tempFile(), true)
  expect(without.rows).toBe(3000)
  expect(withWorker.rows).toBe(3000)
  // Below the safety net the main connection never checkpoints: the database file stays as created…
  expect(without.largest).toBeLessThan(1_000_000)
  // …while the worker's checkpoints carry the pages into it as they are written.
  expect(withWorker.largest).toBeGreaterThan(10_000_000)
}, 30_000)

test('the data is all in the database file once the log is checkpointed and gone', async () => {
  const file = tempFile()
  await writeMuch(file, true)
  // Reopened (as after a restart): nothing was lost by checkpointing from another thread.
  const db = openDatabase(file)
  expect((db.$client.prepare('select count(*) as n, sum(length(body)) as bytes from pages').get() as { n: number; bytes: number })).toEqual({ n: 3000, bytes: 12_000_000 })
  db.$client.close()
})
