/** The rules of ticketing against a real SQLite database (made by the real migrations). */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { events, orders, outgoingEmails, tickets, ticketTypes } from '#db/schema'
import { eventAvailability } from './availability.server'
import { createHold, HOLD_MS, markExpiredHolds, parseQuantities } from './booking.server'
import { confirmFreeOrder, fulfilOrder, handlePaymentEvent } from './fulfil.server'

const db = getDb()
let n = 0
function makeEvent(capacity: number, types: { pricePence: number; quota: number; maxPerOrder?: number }[]) {
  const now = Date.now()
  const event = db
    .insert(events)
    .values({ slug: `unit-${++n}`, status: 'published', kind: 'talk', language: 'ru', titleEn: `Unit ${n}`, titleRu: `Юнит ${n}`, startsAt: now + 86_400_000, endsAt: now + 90_000_000, capacity })
    .returning()
    .get()
  const typeIds = types.map((t, i) => db.insert(ticketTypes).values({ eventId: event.id, nameEn: `T${i}`, nameRu: `Т${i}`, position: i, maxPerOrder: 10, ...t }).returning().get().id)
  return { eventId: event.id, typeIds }
}
const form = (o: Record<string, string>) => Object.entries(o) as [string, FormDataEntryValue][]

beforeAll(() => {
  db.select().from(events).limit(1).all()
})

describe('quantities', () => {
  test('only whole numbers written in digits, 0–999; zeros are ignored; nothing means no tickets', () => {
    expect(parseQuantities(form({ qty_1: '2', qty_2: '0', other: 'x' }))).toEqual({ ok: true, quantities: new Map([[1, 2]]) })
    for (const bad of ['-1', '1.5', '1e2', '0x1', ' 1 2', '1000', 'NaN', 'Infinity', '٣']) {
      const r = parseQuantities(form({ qty_1: bad }))
      expect(r.ok, bad).toBe(false)
    }
    expect(parseQuantities(form({}))).toEqual({ ok: false, error: { code: 'no_tickets' } })
    expect(parseQuantities(form({ qty_1: '0' }))).toEqual({ ok: false, error: { code: 'no_tickets' } })
  })
})

describe('holds and availability', () => {
  test('a hold takes seats at once; an expired hold gives them back at its expiry, before any sweep', () => {
    const { eventId, typeIds } = makeEvent(5, [{ pricePence: 100, quota: 5 }])
    const t0 = Date.now()
    const hold = createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 5]]), locale: 'en' }, t0)
    expect(hold.ok).toBe(true)
    expect(eventAvailability(db, eventId, t0)!.remaining).toBe(0)
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 1]]), locale: 'en' }, t0 + 1000)).toMatchObject({ ok: false, error: { code: 'sold_out' } })
    expect(eventAvailability(db, eventId, t0 + HOLD_MS)!.remaining).toBe(5)
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 5]]), locale: 'en' }, t0 + HOLD_MS).ok).toBe(true)
    const swept = markExpiredHolds(db, t0 + HOLD_MS)
    expect(swept.map((s) => s.orderId)).toContain((hold as { orderId: number }).orderId)
    expect(markExpiredHolds(db, t0 + HOLD_MS)).toEqual([])
  })

  test('the event capacity is shared by its types; each type also has its quota', () => {
    const { eventId, typeIds } = makeEvent(6, [
      { pricePence: 100, quota: 4 },
      { pricePence: 0, quota: 4 },
    ])
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 5]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'sold_out', remaining: 4 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 11]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'too_many_for_type', max: 10 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 4]]), locale: 'en' }).ok).toBe(true)
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 1]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'sold_out', remaining: 0 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[1]!, 3]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'sold_out', remaining: 2 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[1]!, 2]]), locale: 'en' }).ok).toBe(true)
    const a = eventAvailability(db, eventId)!
    expect([a.taken, a.remaining, a.types.map((t) => t.remaining)]).toEqual([6, 0, [0, 0]])
  })
})

describe('the booking shortcut never undercounts', () => {
  test('a late payment accepted after expiry counts again: the next hold is counted precisely', async () => {
    const { eventId, typeIds } = makeEvent(10, [
      { pricePence: 100, quota: 10 },
      { pricePence: 100, quota: 1 },
    ])
    const [x, y] = typeIds as [number, number]
    const t0 = Date.now()
    const a = createHold(db, { eventId, quantities: new Map([[x, 2]]), locale: 'en' }, t0)
    if (!a.ok) throw new Error('no hold')
    // A's hold runs out. A refused request makes a precise count (A is not in it).
    const later = t0 + HOLD_MS + 1000
    expect(createHold(db, { eventId, quantities: new Map([[y, 2]]), locale: 'en' }, later)).toMatchObject({ ok: false, error: { code: 'sold_out' } })
    // A's payment arrives late; there is room, so it is accepted: 2 seats taken again.
    expect(await fulfilOrder(db, a.orderId, { paymentIntentId: 'pi_late_bound' }, later + 1)).toBe('late_accepted')
    expect(eventAvailability(db, eventId, later + 2)!.remaining).toBe(8)
    expect(createHold(db, { eventId, quantities: new Map([[x, 9]]), locale: 'en' }, later + 2)).toMatchObject({ ok: false, error: { code: 'sold_out', remaining: 8 } })
    expect(createHold(db, { eventId, quantities: new Map([[x, 8]]), locale: 'en' }, later + 3).ok).toBe(true)
    expect(eventAvailability(db, eventId, later + 4)!.remaining).toBe(0)
  })

  test('many holds in a row on a large event stay exact', () => {
    const { eventId, typeIds } = makeEvent(1000, [{ pricePence: 100, quota: 300 }, { pricePence: 100, quota: 1000 }])
    let ok = 0
    for (let i = 0; i < 400; i++) if (createHold(db, { eventId, quantities: new Map([[typeIds[i % 2]!, 3]]), locale: 'en' }).ok) ok++
    const a = eventAvailability(db, eventId)!
    expect(a.types.map((t) => t.taken)).toEqual([300, 600])
    expect(a.taken).toBe(ok * 3)
    expect(a.taken).toBeLessThanOrEqual(1000)
  })
})

describe('fulfilment happens once', () => {
  test('ten concurrent confirmations of one free order: one set of tickets, one email', async () => {
    const { eventId, typeIds } = makeEvent(10, [{ pricePence: 0, quota: 10 }])
    const hold = createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 3]]), locale: 'ru', buyerName: 'Тест', buyerEmail: 'once@example.org' })
    if (!hold.ok) throw new Error('no hold')
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => confirmFreeOrder(db, hold.orderId)))
    expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'already_done')).toHaveLength(9)
    expect(db.select().from(tickets).where(eq(tickets.orderId, hold.orderId)).all()).toHaveLength(3)
    const mails = db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'once@example.org')).all()
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toMatch(/^Ваши билеты/)
    expect(mails[0]!.attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(3)
  })

  test('events out of order never move an order back: expired after paid, a smaller refund after a full one', async () => {
    const { eventId, typeIds } = makeEvent(10, [{ pricePence: 1000, quota: 10 }])
    const hold = createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 2]]), locale: 'en', buyerName: 'A', buyerEmail: 'order@example.org' })
    if (!hold.ok) throw new Error('no hold')
    db.update(orders).set({ stripeCheckoutSessionId: 'cs_unit_1' }).where(eq(orders.id, hold.orderId)).run()
    const session = { sessionId: 'cs_unit_1', status: 'complete' as const, paymentStatus: 'paid' as const, paymentIntentId: 'pi_unit_1', orderId: hold.orderId, orderCode: hold.code, amountTotal: 2000, currency: 'gbp', url: null, expiresAt: 0 }
    expect(await handlePaymentEvent(db, { id: 'evt_u1', type: 'checkout.session.completed', session })).toBe('paid')
    expect(await handlePaymentEvent(db, { id: 'evt_u1', type: 'checkout.session.completed', session })).toBe('duplicate_event')
    expect(await handlePaymentEvent(db, { id: 'evt_u2', type: 'checkout.session.expired', session: { ...session, status: 'expired' } })).toBe('not_paid')
    const order = () => db.select().from(orders).where(eq(orders.id, hold.orderId)).get()!
    expect(order().status).toBe('paid')
    await handlePaymentEvent(db, { id: 'evt_u3', type: 'charge.refunded', refund: { paymentIntentId: 'pi_unit_1', amountRefunded: 2000, fully: true } })
    expect(order()).toMatchObject({ status: 'refunded', refundedPence: 2000 })
    await handlePaymentEvent(db, { id: 'evt_u4', type: 'charge.refunded', refund: { paymentIntentId: 'pi_unit_1', amountRefunded: 500, fully: false } })
    expect(order()).toMatchObject({ status: 'refunded', refundedPence: 2000 })
    expect(db.select().from(tickets).where(eq(tickets.orderId, hold.orderId)).all().every((t) => t.status === 'void')).toBe(true)
    // A refunded order's seats are free again.
    expect(eventAvailability(db, eventId)!.remaining).toBe(10)
    // Fulfilling it again does nothing.
    expect(await fulfilOrder(db, hold.orderId, { paymentIntentId: 'pi_unit_1' })).toBe('already_done')
  })

  test('a session of an order that is not ours, or whose code does not match, changes nothing', async () => {
    const { eventId, typeIds } = makeEvent(10, [{ pricePence: 1000, quota: 10 }])
    const hold = createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 1]]), locale: 'en' })
    if (!hold.ok) throw new Error('no hold')
    const session = { sessionId: 'cs_unit_x', status: 'complete' as const, paymentStatus: 'paid' as const, paymentIntentId: 'pi_x', orderId: hold.orderId, orderCode: 'wrong-code', amountTotal: 1000, currency: 'gbp', url: null, expiresAt: 0 }
    expect(await handlePaymentEvent(db, { id: 'evt_x1', type: 'checkout.session.completed', session })).toBe('unknown_order')
    expect(db.select().from(orders).where(eq(orders.id, hold.orderId)).get()!.status).toBe('pending')
  })
})
