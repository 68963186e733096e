import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { openDatabase } from './client.server'
import { inGroupCommit } from './group-commit.server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'))
const file = path.join(dir, 'club.db')
const db = openDatabase(file)
db.$client.exec('create table seats (n integer primary key)')
// A second connection, as another process would see the file: only committed rows.
const reader = new Database(file, { readonly: true })
const committed = () => reader.prepare('select n from seats order by n').pluck().all() as number[]
afterAll(() => {
  reader.close()
  db.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
const insert = (n: number) => db.$client.prepare('insert into seats (n) values (?)').run(n).changes

test('writes of one turn share a transaction: none is visible to others before all are committed, and each is answered after', async () => {
  const seenByOthers: number[][] = []
  const writes = [1, 2, 3, 4, 5].map((n) =>
    inGroupCommit(db, () => {
      seenByOthers.push(committed())
      return insert(n)
    }),
  )
  expect(await Promise.all(writes)).toEqual([1, 1, 1, 1, 1])
  // Each write ran while the earlier ones were still uncommitted: one COMMIT for the five.
  expect(seenByOthers).toEqual([[], [], [], [], []])
  expect(committed()).toEqual([1, 2, 3, 4, 5])
})

test('a write that fails is rolled back alone and rejects alone; the others commit', async () => {
  const results = await Promise.allSettled([
    inGroupCommit(db, () => insert(10)),
    inGroupCommit(db, () => {
      insert(11)
      insert(1) // already there: a constraint violation after a write that must not survive
      return 'unreachable'
    }),
    inGroupCommit(db, () => {
      insert(12)
      throw new Error('changed my mind')
    }),
    inGroupCommit(db, () => insert(13)),
  ])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/)
  expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('changed my mind'))
  expect(committed()).toEqual([1, 2, 3, 4, 5, 10, 13])
})

test('writes of later turns form groups of their own', async () => {
  const first = inGroupCommit(db, () => insert(20))
  await first
  expect(committed()).toContain(20)
  await inGroupCommit(db, () => insert(21))
  expect(committed()).toContain(21)
  expect(db.$client.inTransaction).toBe(false)
})
