import { count } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { getDb } from './client.server'
import { prepareDatabase } from './prepare.server'
import { events, eventSpeakers, speakers, ticketTypes } from './schema'

test('the connection has the pragmas paid orders need', () => {
  const db = getDb()
  expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal')
  expect(db.$client.pragma('synchronous', { simple: true })).toBe(2) // FULL
  expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
  expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000)
})

test('every migration is applied', () => {
  const tables = getDb()
    .$client.prepare("select name from sqlite_master where type = 'table' order by name")
    .pluck()
    .all()
  for (const t of ['users', 'sessions', 'events', 'speakers', 'ticket_types', 'orders', 'tickets', 'check_ins', 'memberships', 'processed_payment_events', 'outgoing_emails', 'audit_log']) {
    expect(tables).toContain(t)
  }
})

test('the demo seed runs once, from the club announcement, and a second start keeps the data', async () => {
  const db = getDb()
  const first = await prepareDatabase(db, { DEMO_MODE: true, SEED_DEMO: 'true' })
  expect(first.seeded).toBe(true)
  const eventCount = db.select({ n: count() }).from(events).get()!.n
  expect(eventCount).toBeGreaterThanOrEqual(10)
  const opening = db.query.events.findFirst({ where: (e, { eq }) => eq(e.slug, 'opening-night') }).sync()
  expect(opening).toBeDefined()
  const openingDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long' }).format(opening!.startsAt)
  expect(openingDay).toBe('10 November')
  expect(db.select({ n: count() }).from(speakers).get()!.n).toBeGreaterThanOrEqual(8)
  expect(db.select({ n: count() }).from(eventSpeakers).get()!.n).toBeGreaterThan(eventCount)
  expect(db.select({ n: count() }).from(ticketTypes).get()!.n).toBeGreaterThanOrEqual(eventCount)
  const training = db.query.events.findFirst({ where: (e, { eq }) => eq(e.slug, 'open-elections-observer-training') }).sync()
  expect(training?.addressHidden).toBe(true)

  const second = await prepareDatabase(db, { DEMO_MODE: true, SEED_DEMO: 'true' })
  expect(second.seeded).toBe(false)
  expect(db.select({ n: count() }).from(events).get()!.n).toBe(eventCount)
})

test('a real deployment is never seeded with demo content', async () => {
  const db = getDb()
  const before = db.select({ n: count() }).from(events).get()!.n
  const result = await prepareDatabase(db, { DEMO_MODE: false, SEED_DEMO: 'true' })
  expect(result.seeded).toBe(false)
  expect(db.select({ n: count() }).from(events).get()!.n).toBe(before)
})
