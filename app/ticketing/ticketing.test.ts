/** The rules of ticketing against a real SQLite database (made by the real migrations). */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { events, orders, outgoingEmails, tickets, ticketTypes, users } from '#db/schema'
import { eventAvailability } from './availability.server'
import { decideApproval, requestApproval } from './approval.server'
import { createHold, HOLD_MS, markExpiredHolds, MAX_LIVE_HOLDS, parseQuantities, setBuyer } from './booking.server'
import { checkEmailCode, EMAIL_CODE_ATTEMPTS, EMAIL_CODES_PER_ORDER, sendEmailCode } from './email-code.server'
import { confirmFreeOrder, fulfilOrder, handlePaymentEvent } from './fulfil.server'

const db = getDb()
let n = 0
function makeEvent(capacity: number, types: { pricePence: number; quota: number; maxPerOrder?: number }[], extra: { maxSeatsPerOrder?: number; requiresApproval?: boolean } = {}) {
  const now = Date.now()
  const event = db
    .insert(events)
    .values({ slug: `unit-${++n}`, status: 'published', kind: 'talk', language: 'ru', titleEn: `Unit ${n}`, titleRu: `Юнит ${n}`, startsAt: now + 86_400_000, endsAt: now + 90_000_000, capacity, ...extra })
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
    // Every seat is in a hold that may lapse: not "sold out" but "all held".
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 1]]), locale: 'en' }, t0 + 1000)).toMatchObject({ ok: false, error: { code: 'all_held' } })
    expect(eventAvailability(db, eventId, t0 + HOLD_MS)!.remaining).toBe(5)
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 5]]), locale: 'en' }, t0 + HOLD_MS).ok).toBe(true)
    const swept = markExpiredHolds(db, t0 + HOLD_MS)
    expect(swept.map((s) => s.orderId)).toContain((hold as { orderId: number }).orderId)
    expect(markExpiredHolds(db, t0 + HOLD_MS)).toEqual([])
  })

  test('the event capacity is shared by its types; each type also has its quota', () => {
    const { eventId, typeIds } = makeEvent(
      6,
      [
        { pricePence: 100, quota: 4 },
        { pricePence: 0, quota: 4 },
      ],
      { maxSeatsPerOrder: 20 },
    )
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 5]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'sold_out', remaining: 4 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 11]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'too_many_for_type', max: 10 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 4]]), locale: 'en' }).ok).toBe(true)
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[0]!, 1]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'all_held', remaining: 0 } })
    expect(createHold(db, { eventId, quantities: new Map([[typeIds[1]!, 3]]), locale: 'en' })).toMatchObject({ ok: false, error: { code: 'all_held', remaining: 2 } })
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
    // Not before the email is confirmed.
    expect(await confirmFreeOrder(db, hold.orderId)).toBe('email_unconfirmed')
    db.update(orders).set({ emailConfirmedAt: Date.now() }).where(eq(orders.id, hold.orderId)).run()
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

describe('one client cannot take every seat', () => {
  test(`at most ${MAX_LIVE_HOLDS} live holds per client address, across events; a lapsed or paid hold no longer counts`, async () => {
    const a = makeEvent(100, [{ pricePence: 500, quota: 100 }])
    const b = makeEvent(100, [{ pricePence: 0, quota: 100 }])
    const t0 = Date.now()
    const hold = (e: typeof a, at: number, clientKey = '192.0.2.1') => createHold(db, { eventId: e.eventId, quantities: new Map([[e.typeIds[0]!, 2]]), locale: 'en', clientKey }, at)
    const first = hold(a, t0)
    expect(first.ok).toBe(true)
    expect(hold(b, t0 + 1).ok).toBe(true)
    expect(hold(a, t0 + 2).ok).toBe(true)
    const refused = hold(b, t0 + 3)
    expect(refused).toEqual({ ok: false, error: { code: 'too_many_holds', retryAt: t0 + HOLD_MS } })
    // Another address is another client.
    expect(hold(b, t0 + 4, '192.0.2.2').ok).toBe(true)
    // Paying one frees a place in the count.
    if (!first.ok) throw new Error('no hold')
    expect(await fulfilOrder(db, first.orderId, { paymentIntentId: 'pi_client_limit' }, t0 + 5)).toBe('paid')
    expect(hold(b, t0 + 6).ok).toBe(true)
    expect(hold(b, t0 + 7)).toMatchObject({ ok: false, error: { code: 'too_many_holds' } })
    // When the holds lapse, the client may book again.
    expect(hold(b, t0 + HOLD_MS + 10).ok).toBe(true)
  })

  test('per signed-in person and per email too; the email limit is checked when the buyer names themselves', () => {
    const e = makeEvent(100, [{ pricePence: 0, quota: 100 }])
    const q = new Map([[e.typeIds[0]!, 1]])
    const holds = Array.from({ length: MAX_LIVE_HOLDS }, (_, i) => createHold(db, { eventId: e.eventId, quantities: q, locale: 'en', buyerEmail: 'same@example.org', clientKey: `198.51.100.${i}` }))
    expect(holds.every((h) => h.ok)).toBe(true)
    expect(createHold(db, { eventId: e.eventId, quantities: q, locale: 'en', buyerEmail: 'SAME@example.org', clientKey: '198.51.100.99' })).toMatchObject({ ok: false, error: { code: 'too_many_holds' } })
    const anon = createHold(db, { eventId: e.eventId, quantities: q, locale: 'en', clientKey: '198.51.100.100' })
    if (!anon.ok) throw new Error('no hold')
    expect(setBuyer(db, anon.orderId, { name: 'X', email: 'same@example.org', locale: 'en' })).toMatchObject({ ok: false, error: 'too_many_holds' })
    expect(db.select().from(orders).where(eq(orders.id, anon.orderId)).get()!.buyerEmail).toBeNull()
    expect(setBuyer(db, anon.orderId, { name: 'X', email: 'other@example.org', locale: 'en' })).toEqual({ ok: true })
  })

  test('staff set the most seats in one order per event (default 10)', () => {
    const capped = makeEvent(100, [{ pricePence: 0, quota: 100, maxPerOrder: 50 }], { maxSeatsPerOrder: 4 })
    expect(createHold(db, { eventId: capped.eventId, quantities: new Map([[capped.typeIds[0]!, 5]]), locale: 'en' })).toEqual({ ok: false, error: { code: 'too_many', max: 4 } })
    expect(createHold(db, { eventId: capped.eventId, quantities: new Map([[capped.typeIds[0]!, 4]]), locale: 'en' }).ok).toBe(true)
    const plain = makeEvent(100, [{ pricePence: 0, quota: 100, maxPerOrder: 50 }])
    expect(createHold(db, { eventId: plain.eventId, quantities: new Map([[plain.typeIds[0]!, 11]]), locale: 'en' })).toEqual({ ok: false, error: { code: 'too_many', max: 10 } })
  })
})

describe('a free RSVP counts only once its email is confirmed', () => {
  const codeOf = (orderCode: string) => {
    const mail = db.select().from(outgoingEmails).all().filter((m) => m.template === 'ticketing.email-code' && m.text.includes(`/orders/${orderCode}`)).at(-1)
    return /\b(\d{6})\b/.exec(mail?.subject ?? '')?.[1] ?? null
  }
  test('a 6-digit code by email: wrong guesses are counted and void the code; the right one confirms', async () => {
    const e = makeEvent(10, [{ pricePence: 0, quota: 10 }])
    const hold = createHold(db, { eventId: e.eventId, quantities: new Map([[e.typeIds[0]!, 1]]), locale: 'en', buyerName: 'N', buyerEmail: 'code@example.org' })
    if (!hold.ok) throw new Error('no hold')
    expect(sendEmailCode(db, hold.orderId, 'http://x')).toEqual({ ok: true })
    const code = codeOf(hold.code)!
    expect(code).toMatch(/^\d{6}$/)
    const wrong = code === '000000' ? '000001' : '000000'
    for (let i = 0; i < EMAIL_CODE_ATTEMPTS; i++) expect(checkEmailCode(db, hold.orderId, wrong)).toBe('wrong')
    // The code is void now, even the right one.
    expect(checkEmailCode(db, hold.orderId, code)).toBe('no_code')
    expect(await confirmFreeOrder(db, hold.orderId)).toBe('email_unconfirmed')
    for (let i = 1; i < EMAIL_CODES_PER_ORDER; i++) expect(sendEmailCode(db, hold.orderId, 'http://x').ok).toBe(true)
    expect(sendEmailCode(db, hold.orderId, 'http://x')).toEqual({ ok: false, error: 'too_many_codes' })
    expect(checkEmailCode(db, hold.orderId, codeOf(hold.code)!)).toBe('confirmed')
    expect(await confirmFreeOrder(db, hold.orderId)).toBe('paid')
  })

  test('an unconfirmed RSVP lapses like any hold', async () => {
    const e = makeEvent(3, [{ pricePence: 0, quota: 3 }])
    const t0 = Date.now()
    const hold = createHold(db, { eventId: e.eventId, quantities: new Map([[e.typeIds[0]!, 3]]), locale: 'en', buyerName: 'N', buyerEmail: 'nobody@invalid.invalid' }, t0)
    if (!hold.ok) throw new Error('no hold')
    expect(await confirmFreeOrder(db, hold.orderId, t0 + 1)).toBe('email_unconfirmed')
    expect(eventAvailability(db, e.eventId, t0 + HOLD_MS)!.remaining).toBe(3)
    expect(await confirmFreeOrder(db, hold.orderId, t0 + HOLD_MS)).toBe('hold_expired')
  })
})

describe('bookings that need approval', () => {
  test('free: waits (seats kept), approved → confirmed with tickets; paid: approved → time to pay; declined → seats back', async () => {
    const staffId = db.insert(users).values({ email: `approver-${++n}@example.org`, name: 'Approver' }).returning().get().id
    const free = makeEvent(10, [{ pricePence: 0, quota: 10 }], { requiresApproval: true })
    const h = createHold(db, { eventId: free.eventId, quantities: new Map([[free.typeIds[0]!, 2]]), locale: 'en', buyerName: 'F', buyerEmail: 'approve-free@example.org' })
    if (!h.ok) throw new Error('no hold')
    db.update(orders).set({ emailConfirmedAt: Date.now() }).where(eq(orders.id, h.orderId)).run()
    expect(await confirmFreeOrder(db, h.orderId)).toBe('awaiting_approval')
    expect(requestApproval(db, h.orderId)).toBe('waiting')
    const waiting = db.select().from(orders).where(eq(orders.id, h.orderId)).get()!
    expect(waiting.expiresAt - Date.now()).toBeGreaterThan(HOLD_MS)
    expect(await decideApproval(db, free.eventId + 999, h.orderId, 'approve', staffId)).toEqual({ ok: false, error: 'not_found' })
    expect(await decideApproval(db, free.eventId, h.orderId, 'approve', staffId)).toEqual({ ok: true, outcome: 'approved' })
    expect(db.select().from(orders).where(eq(orders.id, h.orderId)).get()!.status).toBe('paid')
    expect(db.select().from(tickets).where(eq(tickets.orderId, h.orderId)).all()).toHaveLength(2)
    expect(await decideApproval(db, free.eventId, h.orderId, 'decline', staffId)).toEqual({ ok: false, error: 'not_waiting' })

    const paid = makeEvent(10, [{ pricePence: 900, quota: 10 }], { requiresApproval: true })
    const p = createHold(db, { eventId: paid.eventId, quantities: new Map([[paid.typeIds[0]!, 1]]), locale: 'ru', buyerName: 'P', buyerEmail: 'approve-paid@example.org' })
    const d = createHold(db, { eventId: paid.eventId, quantities: new Map([[paid.typeIds[0]!, 3]]), locale: 'en', buyerName: 'D', buyerEmail: 'decline@example.org' })
    if (!p.ok || !d.ok) throw new Error('no hold')
    requestApproval(db, p.orderId)
    requestApproval(db, d.orderId)
    expect(await decideApproval(db, paid.eventId, p.orderId, 'approve', staffId)).toEqual({ ok: true, outcome: 'approved' })
    const approved = db.select().from(orders).where(eq(orders.id, p.orderId)).get()!
    expect(approved).toMatchObject({ status: 'pending', approval: 'approved' })
    const mail = db.select().from(outgoingEmails).where(eq(outgoingEmails.dedupeKey, `order-approved:${p.orderId}`)).get()!
    expect(mail.subject).toMatch(/^Подтверждено/)
    expect(await decideApproval(db, paid.eventId, d.orderId, 'decline', staffId)).toEqual({ ok: true, outcome: 'declined' })
    expect(db.select().from(orders).where(eq(orders.id, d.orderId)).get()).toMatchObject({ status: 'cancelled', approval: 'declined' })
    expect(eventAvailability(db, paid.eventId)!.remaining).toBe(9)
  })
})
