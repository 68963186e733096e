/**
 * The door API over real HTTP against the real server: redeem once and only once (also under 100
 * simultaneous scans from several sessions), the nonce's replay, every kind of bad scan, offline
 * scans and their conflicts, undo, counts, the offline list, search in both alphabets, and the
 * live stream.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { doorApi, eventTonight, nonce, type DoorTicket } from './support/door'
import { DEMO, signInAs } from './support/sign-in'
import { createTestEvent, exec, query } from './support/ticketing'

let app: AppServer
let door: string
let staff: string
let admin: string
let event: Awaited<ReturnType<typeof eventTonight>>
let other: Awaited<ReturnType<typeof eventTonight>>

const count = (sql: string, ...params: unknown[]) => Number(Object.values(query(app.databasePath, sql, ...params)[0]!)[0])
const doorRows = () => JSON.stringify(['check_ins', 'door_scans', 'door_conflicts', 'check_in_undos'].map((t) => query(app.databasePath, `select * from ${t} order by rowid`)))
const redeem = (cookie: string, body: Record<string, unknown>, eventId = event.eventId) => doorApi(app, cookie, `${eventId}/redeem`, { nonce: nonce(), deviceId: 'phone-a', ...body })
let next = 0
/** A ticket nobody has used in another test (Anna's and Yulia's are kept for the named tests). */
const fresh = (): DoorTicket => event.tickets.filter((t) => t.name !== 'Yulia Navalnaya' && t.name !== 'Анна Иванова')[next++]!

beforeAll(async () => {
  app = await startAppServer()
  ;[door, staff, admin] = await Promise.all([signInAs(app, 'door'), signInAs(app, 'staff'), signInAs(app, 'admin')])
  event = await eventTonight(app, [
    { name: 'Анна Иванова', email: 'anna@example.org', quantity: 2 },
    { name: 'Yulia Navalnaya', email: 'yulia@example.org' },
    { name: 'Olga Smirnova', email: 'olga@example.org', quantity: 3 },
    { name: 'James Whitfield', email: 'james@example.org', quantity: 10 },
    { name: 'Pyotr Verzilov', email: 'pyotr@example.org', quantity: 10 },
  ])
  other = await eventTonight(app, [{ name: 'Other Person', email: 'other@example.org' }])
}, 120_000)
afterAll(async () => {
  await app?.stop()
})

describe('redeem', () => {
  test('a signed ticket is admitted once; the same nonce again answers the same verdict and records nothing new', async () => {
    const t = event.tickets.find((x) => x.name === 'Yulia Navalnaya')!
    const n = nonce()
    const first = await redeem(door, { code: t.code, nonce: n })
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.json).toMatchObject({ status: 'admitted', ticket: { id: t.id, holder: 'Yulia Navalnaya', type: 'Free entry', member: false, orderRef: t.orderCode.slice(-4) }, by: { name: DEMO.door.name, deviceId: 'phone-a' } })
    expect(first.json.checkedInAt).toBeGreaterThan(Date.now() - 60_000)
    const again = await redeem(door, { code: t.code, nonce: n })
    expect(again.json).toEqual(first.json)
    expect(count('select count(*) from check_ins where ticket_id = ?', t.id)).toBe(1)
    // Another device, another nonce: refused, with when, by whom and on which device.
    const second = await redeem(staff, { code: t.code, deviceId: 'phone-b' })
    expect(second.json).toMatchObject({ status: 'refused', reason: 'already_checked_in', checkedInAt: first.json.checkedInAt, by: { name: DEMO.door.name, deviceId: 'phone-a' } })
    expect(second.json.conflict).toBeUndefined()
    // The nonce reused for another code: 409, nothing recorded.
    const before = doorRows()
    const reused = await redeem(door, { code: fresh().code, nonce: n })
    expect(reused.status).toBe(409)
    expect(reused.json).toEqual({ status: 'refused', reason: 'nonce_reused' })
    expect(doorRows()).toBe(before)
  })

  test('100 simultaneous scans of one ticket from three sessions: exactly one admission, 99 "already checked in"', async () => {
    const t = fresh()
    const sessions = [door, staff, admin]
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => redeem(sessions[i % 3]!, { code: t.code, deviceId: `phone-${i % 3}` })))
    expect(answers.map((a) => a.status).every((s) => s === 200)).toBe(true)
    expect(answers.filter((a) => a.json.status === 'admitted')).toHaveLength(1)
    const refused = answers.filter((a) => a.json.status === 'refused')
    expect(refused).toHaveLength(99)
    const winner = answers.find((a) => a.json.status === 'admitted')!.json
    for (const r of refused) expect(r.json).toMatchObject({ reason: 'already_checked_in', checkedInAt: winner.checkedInAt, by: winner.by })
    expect(count('select count(*) from check_ins where ticket_id = ?', t.id)).toBe(1)
    expect(count('select count(*) from door_scans where ticket_id = ?', t.id)).toBe(100)
  })

  test('admit by ticket id (from a search), with "search" as the method', async () => {
    const t = fresh()
    const r = await redeem(door, { ticketId: t.id })
    expect(r.json).toMatchObject({ status: 'admitted', ticket: { id: t.id } })
    expect(query(app.databasePath, 'select method from check_ins where ticket_id = ?', t.id)[0]!.method).toBe('search')
  })

  test('a ticket issued before codes were signed is still admitted online', async () => {
    const legacy = `legacy-${crypto.randomBytes(18).toString('base64url')}`
    const t = fresh()
    exec(app.databasePath, 'update tickets set code = ? where id = ?', legacy, t.id)
    const r = await redeem(door, { code: legacy })
    expect(r.json).toMatchObject({ status: 'admitted', ticket: { id: t.id } })
  })

  test('bad scans are refused with their reason and change nothing', async () => {
    const t = fresh()
    const [body, sig] = t.code.split('.') as [string, string]
    const forgedBody = Buffer.from(Buffer.from(body, 'base64url').toString().replace(/"s":"[^"]+"/, `"s":"${crypto.randomBytes(16).toString('base64url')}"`)).toString('base64url')
    const flipped = sig.slice(0, 20) + (sig[20] === 'A' ? 'B' : 'A') + sig.slice(21)
    const voided = fresh()
    exec(app.databasePath, `update tickets set status = 'void' where id = ?`, voided.id)
    const before = doorRows()
    const cases: [string, string, number?][] = [
      ['scanner garbage', 'unknown'],
      [']C1<<>>\u0000\u001b%%', 'unknown'],
      ['x'.repeat(999), 'unknown'],
      [`${forgedBody}.${sig}`, 'forged'],
      [`${body}.${flipped}`, 'forged'],
      [other.tickets[0]!.code, 'other_event'],
    ]
    for (const [code, reason] of cases) {
      const r = await redeem(door, { code })
      expect(r.status, code.slice(0, 30)).toBe(200)
      expect(r.json, code.slice(0, 30)).toEqual({ status: 'refused', reason })
    }
    // The voided ticket's verdict is remembered under its nonce, but nobody is admitted.
    const v = await redeem(door, { code: voided.code })
    expect(v.json).toMatchObject({ status: 'refused', reason: 'void', ticket: { id: voided.id } })
    expect(count('select count(*) from check_ins where ticket_id in (?, ?)', t.id, voided.id)).toBe(0)
    // Only the voided ticket's verdict was remembered (under its nonce); nothing else was written.
    const after = JSON.parse(doorRows()) as unknown[][]
    const was = JSON.parse(before) as unknown[][]
    expect([after[0], after[2], after[3]]).toEqual([was[0], was[2], was[3]])
    expect(after[1]!.length).toBe(was[1]!.length + 1)
    // A ticket of another event, scanned at this door by id: refused too.
    expect((await redeem(door, { ticketId: other.tickets[0]!.id })).json).toEqual({ status: 'refused', reason: 'other_event' })
    expect((await redeem(door, { ticketId: 99_999_999 })).json).toEqual({ status: 'refused', reason: 'unknown' })
  })

  test('malformed, oversized and wrongly typed requests get 400/413 JSON in the reader’s language; nothing changes', async () => {
    const t = fresh()
    const before = doorRows()
    const path = `${event.eventId}/redeem`
    const bad: [unknown, number][] = [
      [{ code: t.code }, 400], // no nonce
      [{ code: t.code, nonce: 'short' }, 400],
      [{ code: t.code, nonce: 'x'.repeat(65) }, 400],
      [{ code: t.code, nonce: 'with spaces in it!!' }, 400],
      [{ code: t.code, ticketId: t.id, nonce: nonce() }, 400], // both
      [{ nonce: nonce() }, 400], // neither
      [{ ticketId: -1, nonce: nonce() }, 400],
      [{ ticketId: 1.5, nonce: nonce() }, 400],
      [{ code: 42, nonce: nonce() }, 400],
      [{ code: t.code, nonce: nonce(), deviceId: 'd'.repeat(65) }, 400],
      [{ code: t.code, nonce: nonce(), scannedAt: 'yesterday' }, 400],
      [[], 400],
      ['just a string', 400],
      [null, 400],
    ]
    for (const [body, status] of bad) {
      const r = await doorApi(app, door, path, body)
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(status)
      expect(r.json.status).toBe('error')
    }
    expect((await doorApi(app, door, path, undefined, { raw: '{"code": "x", "nonce": ' })).status).toBe(400)
    expect((await doorApi(app, door, path, undefined, { raw: JSON.stringify({ code: 'x'.repeat(10_000), nonce: nonce() }) })).status).toBe(413)
    const form = await doorApi(app, door, path, undefined, { raw: `code=${t.code}&nonce=${nonce()}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(form.status).toBe(400)
    const ru = await doorApi(app, door, `${path}?lang=ru`, { code: t.code })
    expect(ru.json.message).toMatch(/[а-я]/)
    // Another site's page posting with the door worker's cookie.
    const cross = await doorApi(app, door, path, { code: t.code, nonce: nonce() }, { headers: { origin: 'https://evil.example' } })
    expect(cross.status).toBe(403)
    // Unknown event ids, garbled or guessed: 404.
    for (const id of ['abc', '0', '-1', '99999999', '1e3']) expect((await doorApi(app, door, `${id}/redeem`, { code: t.code, nonce: nonce() })).status).toBe(404)
    expect(doorRows()).toBe(before)
  })
})

describe('offline scans', () => {
  test('a queued offline admission keeps its scan time; yesterday’s queue and a clock from the future are stale', async () => {
    const t = fresh()
    const scannedAt = Date.now() - 10 * 60_000
    const r = await redeem(door, { code: t.code, offline: true, scannedAt })
    expect(r.json).toMatchObject({ status: 'admitted', checkedInAt: scannedAt })
    expect(query(app.databasePath, 'select method from check_ins where ticket_id = ?', t.id)[0]!.method).toBe('offline_sync')
    const u = fresh()
    const before = doorRows()
    expect((await redeem(door, { code: u.code, offline: true, scannedAt: Date.now() - 36 * 3600_000 })).json).toEqual({ status: 'refused', reason: 'stale' })
    expect((await redeem(door, { code: u.code, offline: true, scannedAt: Date.now() + 3600_000 })).json).toEqual({ status: 'refused', reason: 'stale' })
    expect(doorRows()).toBe(before)
  })

  test('admitted on two devices while offline: the second sync is refused with conflict: true, and the conflict is recorded with both devices and times', async () => {
    const t = fresh()
    const firstAt = Date.now() - 5 * 60_000
    const secondAt = Date.now() - 4 * 60_000
    expect((await redeem(door, { code: t.code, offline: true, scannedAt: firstAt, deviceId: 'phone-a' })).json.status).toBe('admitted')
    const n = nonce()
    const second = await redeem(staff, { code: t.code, offline: true, scannedAt: secondAt, deviceId: 'phone-b', nonce: n })
    expect(second.json).toMatchObject({ status: 'refused', reason: 'already_checked_in', conflict: true, checkedInAt: firstAt, by: { name: DEMO.door.name, deviceId: 'phone-a' } })
    // The queue sent again: the same answer, still one conflict.
    expect((await redeem(staff, { code: t.code, offline: true, scannedAt: secondAt, deviceId: 'phone-b', nonce: n })).json).toEqual(second.json)
    const conflicts = query(app.databasePath, 'select * from door_conflicts where ticket_id = ?', t.id)
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({ first_at: firstAt, first_device_id: 'phone-a', second_at: secondAt, second_device_id: 'phone-b' })
  })
})

describe('undo', () => {
  test('an admission is taken back once, with who undid it; the ticket can then be admitted again', async () => {
    const t = fresh()
    const admitted = await redeem(door, { code: t.code })
    expect(admitted.json.status).toBe('admitted')
    const n = nonce()
    const undo = await doorApi(app, staff, `${event.eventId}/undo`, { ticketId: t.id, nonce: n, deviceId: 'phone-b' })
    expect(undo.status).toBe(200)
    expect(undo.json).toEqual({ status: 'undone' })
    expect((await doorApi(app, staff, `${event.eventId}/undo`, { ticketId: t.id, nonce: n, deviceId: 'phone-b' })).json).toEqual({ status: 'undone' })
    const rows = query(app.databasePath, 'select u.*, s.name as undoneBy from check_in_undos u join users s on s.id = u.undone_by_user_id where ticket_id = ?', t.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ undoneBy: DEMO.staff.name, undone_device_id: 'phone-b', admitted_device_id: 'phone-a', checked_in_at: admitted.json.checkedInAt })
    const nothing = await doorApi(app, staff, `${event.eventId}/undo`, { ticketId: t.id, nonce: nonce() })
    expect(nothing.status).toBe(409)
    expect(nothing.json).toEqual({ status: 'refused', reason: 'not_checked_in' })
    expect((await doorApi(app, staff, `${event.eventId}/undo`, { ticketId: other.tickets[0]!.id, nonce: nonce() })).status).toBe(404)
    expect((await redeem(door, { code: t.code })).json.status).toBe('admitted')
  })
})

describe('counts, the offline list and search', () => {
  test('counts: admitted and expected, per ticket type', async () => {
    const r = await doorApi(app, door, `${event.eventId}/counts`)
    expect(r.status).toBe(200)
    const admitted = count('select count(*) from check_ins c join tickets t on t.id = c.ticket_id where t.event_id = ?', event.eventId)
    const expected = count(`select count(*) from tickets where event_id = ? and status = 'valid'`, event.eventId)
    expect(r.json).toMatchObject({ admitted, expected, byType: [{ typeId: event.typeIds[0], name: 'Free entry', admitted, expected }] })
    expect(r.json.updatedAt).toBeGreaterThan(0)
  })

  test('the snapshot holds hashes, names and standing, never emails or codes; voided tickets are revoked', async () => {
    const r = await doorApi(app, door, `${event.eventId}/snapshot`)
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    const s = r.json
    expect(s).toMatchObject({ eventId: event.eventId, types: [{ id: event.typeIds[0], name: 'Free entry' }] })
    expect(s.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(s.wipeAfter).toBeGreaterThan(Date.now())
    expect(s.tickets).toHaveLength(event.tickets.length)
    for (const t of event.tickets) {
      expect(r.text).not.toContain(t.code)
      expect(r.text).not.toContain(t.email)
      expect(r.text).not.toContain(t.orderCode)
    }
    const hash = (c: string) => crypto.createHash('sha256').update(c).digest('base64url')
    const anna = event.tickets.find((t) => t.name === 'Анна Иванова')!
    expect(s.tickets.find((t: any) => t.id === anna.id)).toMatchObject({ h: hash(anna.code), o: hash(anna.orderCode), name: 'Анна Иванова', type: event.typeIds[0], status: 'valid' })
    const voided = query<{ code: string }>(app.databasePath, `select code from tickets where event_id = ? and status = 'void'`, event.eventId)
    expect(voided.length).toBeGreaterThan(0)
    expect(s.revoked.sort()).toEqual(voided.map((v) => hash(v.code)).sort())
  })

  test('search finds a name in either alphabet, an email (never returned) and an order code', async () => {
    const anna = event.tickets.filter((t) => t.name === 'Анна Иванова').map((t) => t.id)
    for (const q of ['Ivanova', 'Ivanova Anna', 'Иванова', 'anna iv', 'anna@example.org', anna.length && event.tickets.find((t) => t.name === 'Анна Иванова')!.orderCode]) {
      const r = await doorApi(app, door, `${event.eventId}/search?q=${encodeURIComponent(String(q))}`)
      expect(r.status, String(q)).toBe(200)
      expect(r.json.results.map((x: any) => x.ticketId).sort(), String(q)).toEqual(anna.sort())
      expect(r.text).not.toContain('@example.org')
    }
    const yulia = await doorApi(app, door, `${event.eventId}/search?q=${encodeURIComponent('Юлия')}`)
    expect(yulia.json.results).toEqual([expect.objectContaining({ holder: 'Yulia Navalnaya', type: 'Free entry', status: 'valid' })])
    // At most 20, and nothing from another event.
    expect((await doorApi(app, door, `${event.eventId}/search?q=a`)).json.results.length).toBeLessThanOrEqual(20)
    expect((await doorApi(app, door, `${event.eventId}/search?q=Other`)).json.results).toEqual([])
    expect((await doorApi(app, door, `${event.eventId}/search?q=`)).status).toBe(400)
    expect((await doorApi(app, door, `${event.eventId}/search?q=${'x'.repeat(101)}`)).status).toBe(400)
  })
})

describe('the live stream', () => {
  test('counts on connect; a checkin and new counts within a second of an admission on another device', async () => {
    const controller = new AbortController()
    const res = await fetch(`${app.url}/api/door/events/${event.eventId}/stream`, { headers: { cookie: door }, signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.headers.get('content-encoding')).toBeNull()
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    const nextEvent = async (type: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const m = new RegExp(`event: ${type}\\ndata: (.*)\\n\\n`).exec(buffer)
        if (m) {
          buffer = buffer.slice(m.index + m[0].length)
          return JSON.parse(m[1]!)
        }
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no ${type} event within ${timeoutMs} ms; got ${buffer}`)
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))])
        if (chunk && !chunk.done) buffer += decoder.decode(chunk.value, { stream: true })
      }
    }
    const initial = await nextEvent('counts', 5000)
    const t = fresh()
    const started = Date.now()
    expect((await redeem(staff, { code: t.code, deviceId: 'phone-b' })).json.status).toBe('admitted')
    const checkin = await nextEvent('checkin', 1000)
    expect(checkin).toMatchObject({ ticketId: t.id, status: 'admitted', by: { name: DEMO.staff.name, deviceId: 'phone-b' }, hash: crypto.createHash('sha256').update(t.code).digest('base64url') })
    const counts = await nextEvent('counts', 1000)
    expect(counts.admitted).toBe(initial.admitted + 1)
    expect(Date.now() - started).toBeLessThan(1000)
    controller.abort()
  })
})

describe('walk-ins', () => {
  test('sold through the same quotas, paid in cash or by card reader, recorded with the amount, admitted at once; a retry sells once', async () => {
    const small = createTestEvent(app.databasePath, { capacity: 3, types: [{ pricePence: 1200, quota: 3, maxPerOrder: 10, nameEn: 'Door ticket' }], startsInDays: 0 })
    const sell = (body: Record<string, unknown>, cookie = door) =>
      doorApi(app, cookie, `${small.eventId}/walk-in`, { ticketTypeId: small.typeIds[0], quantity: 2, payment: 'cash', amountPence: 2400, nonce: nonce(), deviceId: 'phone-a', ...body })
    const n = nonce()
    const sold = await sell({ nonce: n, holderName: 'Мария Алёхина' })
    expect(sold.status).toBe(200)
    expect(sold.json).toMatchObject({ status: 'sold', admitted: true, tickets: [{ holder: 'Мария Алёхина', type: 'Door ticket', member: false }, { holder: 'Мария Алёхина' }] })
    const ids = sold.json.tickets.map((t: any) => t.id)
    expect(count(`select count(*) from check_ins where method = 'walk_in' and ticket_id in (${ids.join(',')})`)).toBe(2)
    expect(query(app.databasePath, 'select payment, amount_pence, currency, device_id from door_sales where event_id = ?', small.eventId)).toEqual([{ payment: 'cash', amount_pence: 2400, currency: 'GBP', device_id: 'phone-a' }])
    expect(query(app.databasePath, 'select o.status, o.total_pence from orders o join door_sales d on d.order_id = o.id where d.event_id = ?', small.eventId)).toEqual([{ status: 'paid', total_pence: 2400 }])
    // The new tickets carry signed codes, like online ones.
    for (const c of query<{ code: string }>(app.databasePath, `select code from tickets where id in (${ids.join(',')})`)) expect(c.code).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/)
    // A double tap: the same sale, nothing new.
    const again = await sell({ nonce: n, holderName: 'Мария Алёхина' })
    expect(again.json).toEqual(sold.json)
    expect(count('select count(*) from door_sales where event_id = ?', small.eventId)).toBe(1)
    const before = doorRows()
    const mismatch = await sell({ quantity: 1, amountPence: 1000 })
    expect(mismatch.status).toBe(409)
    expect(mismatch.json).toMatchObject({ status: 'refused', reason: 'amount_mismatch', expectedPence: 1200 })
    expect(mismatch.json.message).toContain('£12.00')
    const tooMany = await sell({ quantity: 2, amountPence: 2400 })
    expect(tooMany.json).toMatchObject({ status: 'refused', reason: 'sold_out' })
    const otherType = await sell({ ticketTypeId: event.typeIds[0], quantity: 1, amountPence: 0 })
    expect(otherType.json).toMatchObject({ status: 'refused', reason: 'unknown_type' })
    for (const bad of [{ quantity: 0 }, { quantity: 21 }, { payment: 'bitcoin' }, { amountPence: -5 }, { amountPence: 1.5 }, { ticketTypeId: 'x' }]) {
      expect((await sell(bad)).status, JSON.stringify(bad)).toBe(400)
    }
    expect(doorRows()).toBe(before)
    expect(count('select count(*) from orders where event_id = ?', small.eventId)).toBe(1)
    const card = await sell({ quantity: 1, amountPence: 1200, payment: 'card_reader' }, staff)
    expect(card.json.status).toBe('sold')
    const counts = await doorApi(app, door, `${small.eventId}/counts`)
    expect(counts.json).toMatchObject({ admitted: 3, expected: 3 })
    expect((await sell({ quantity: 1, amountPence: 1200 })).json).toMatchObject({ status: 'refused', reason: 'sold_out' })
  })
})

describe('membership cards at the door', () => {
  /** Signs a card code with the server's own key (demo mode keeps it in the data folder), as the card page does. */
  function signWithServerKey(payload: Record<string, unknown>, key?: crypto.KeyObject) {
    const secrets = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'demo-secrets.json'), 'utf8')) as { doorSigningKey: string }
    const signer = key ?? crypto.createPrivateKey({ key: Buffer.from(secrets.doorSigningKey, 'base64'), format: 'der', type: 'pkcs8' })
    const body = Buffer.from(JSON.stringify(payload))
    return `${body.toString('base64url')}.${crypto.sign(null, body, signer).toString('base64url')}`
  }

  test('a card is valid tonight with name and plan, invalid once the membership ends; a forged card is refused; nothing is admitted', async () => {
    const member = await signInAs(app, 'member')
    const userId = Number(query<{ id: number }>(app.databasePath, 'select id from users where email = ?', DEMO.member.email)[0]!.id)
    const planId = Number(query<{ id: number }>(app.databasePath, 'select id from membership_plans order by id limit 1')[0]!.id)
    const now = Date.now()
    exec(
      app.databasePath,
      `insert into memberships (user_id, plan_id, status, source, card_id, started_at, ends_at, reason) values (?, ?, 'active', 'honorary', ?, ?, ?, 'door test')`,
      userId,
      planId,
      'doorTestCard0123456789',
      now - 1000,
      now + 30 * 24 * 3600 * 1000,
    )
    // The member's own card page shows their card (and makes its signed code).
    expect((await fetch(`${app.url}/account/card`, { headers: { cookie: member } })).status).toBe(200)
    const before = doorRows()
    const code = signWithServerKey({ k: 'm', c: 'doorTestCard0123456789', u: '2099-01-01' })
    const valid = await redeem(door, { code })
    expect(valid.status).toBe(200)
    expect(valid.json).toMatchObject({ status: 'member_card', card: { valid: true, name: DEMO.member.name } })
    expect(valid.json.card.plan.length).toBeGreaterThan(0)

    exec(app.databasePath, `update memberships set ends_at = ? where card_id = ?`, now - 500, 'doorTestCard0123456789')
    const ended = await redeem(door, { code })
    expect(ended.json).toMatchObject({ status: 'member_card', card: { valid: false } })

    const forged = await redeem(door, { code: signWithServerKey({ k: 'm', c: 'doorTestCard0123456789', u: '2099-01-01' }, crypto.generateKeyPairSync('ed25519').privateKey) })
    expect(forged.json).toMatchObject({ status: 'refused', reason: 'forged' })
    const unknown = await redeem(door, { code: signWithServerKey({ k: 'm', c: 'noSuchCard0123456789ab', u: '2099-01-01' }) })
    expect(unknown.json).toMatchObject({ status: 'refused', reason: 'unknown' })
    // A card is looked at, never admitted.
    expect(JSON.parse(doorRows())[0]).toEqual(JSON.parse(before)[0])
  })
})
