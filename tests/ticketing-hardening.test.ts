/**
 * Issue #9, ticketing: what one client can take, who sees a hidden address, bookings that need
 * approval, members-only tickets, bank transfers, "all held" versus "sold out", and the staff's
 * word for a free order. Over real HTTP against the real server, with real SMTP.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { signInAs } from './support/sign-in'
import { startMailbox, type Mailbox } from './support/smtp'
import { book, createTestEvent, emailedCode, enterCode, exec, orderRow, pay, query, rsvp } from './support/ticketing'

let app: AppServer
let mailbox: Mailbox
let staff: string
let member: string
beforeAll(async () => {
  mailbox = await startMailbox()
  app = await startAppServer({ SMTP_URL: mailbox.url })
  ;[staff, member] = await Promise.all([signInAs(app, 'staff'), signInAs(app, 'member')])
})
afterAll(async () => {
  await app?.stop()
  await mailbox?.close()
})

const count = (sql: string, ...params: unknown[]) => Number(Object.values(query(app.databasePath, sql, ...params)[0]!)[0])
const post = (path: string, body: Record<string, string>, cookie?: string) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(body),
  })
const alertOf = (html: string) => /role="alert"[^>]*>([^<]*)/.exec(html)?.[1] ?? ''
const venueAddressOf = (eventId: number) =>
  query<{ address: string }>(app.databasePath, 'select v.address_en as address from events e join venues v on v.id = e.venue_id where e.id = ?', eventId)[0]!.address

describe('one client cannot take every seat', () => {
  test('20 concurrent requests from one address with no cookie, across four events: 3 holds, 17 clear 429s in the reader’s language', async () => {
    const evs = Array.from({ length: 4 }, () => createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 0, quota: 10 }] }))
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book(app.url, evs[i % 4]!.slug, { [evs[i % 4]!.typeIds[0]!]: 10 }, { clientIp: '203.0.113.7', lang: i % 2 ? '/ru' : '' })),
    )
    expect(results.filter((r) => r.status === 303)).toHaveLength(3)
    const refused = results.filter((r) => r.status === 429)
    expect(refused).toHaveLength(17)
    const en = refused.find((r) => r.text.includes('<html lang="en"'))!
    const ru = refused.find((r) => r.text.includes('<html lang="ru"'))!
    expect(alertOf(en.text)).toMatch(/You already have three bookings waiting.*try again after \d\d:\d\d (GMT|BST)/)
    expect(alertOf(ru.text)).toMatch(/У вас уже три брони.*после \d\d:\d\d/)
    // A light answer: the refusal, not the booking form with its ticket types.
    expect(en.text).not.toContain('name="qty_')
    const seats = count(`select coalesce(sum(quantity), 0) from order_items join orders on orders.id = order_items.order_id where orders.event_id in (${evs.map((e) => e.eventId).join(',')})`)
    expect(seats).toBe(30)
    // Retry-After says when: the first hold lapses in about 30 minutes.
    const again = await fetch(`${app.url}/events/${evs[3]!.slug}/book`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7' },
      body: `qty_${evs[3]!.typeIds[0]}=1`,
    })
    expect(again.status).toBe(429)
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(29 * 60)
    // Another address books as usual; when the holds lapse the first one may book again.
    expect((await book(app.url, evs[3]!.slug, { [evs[3]!.typeIds[0]!]: 1 })).status).toBe(303)
    exec(app.databasePath, `update orders set expires_at = ? where event_id in (${evs.map((e) => e.eventId).join(',')})`, Date.now() - 1)
    expect((await book(app.url, evs[3]!.slug, { [evs[3]!.typeIds[0]!]: 1 }, { clientIp: '203.0.113.7' })).status).toBe(303)
  })

  test('a signed-in person has at most 3 live holds, whatever address they come from', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 50, types: [{ pricePence: 500, quota: 50 }] })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 }, { cookie: member })).status)
    expect(statuses).toEqual([303, 303, 303, 429])
    exec(app.databasePath, `update orders set expires_at = ? where event_id = ?`, Date.now() - 1, ev.eventId)
  })

  test('13 free RSVPs with one made-up address cannot take 100 seats: 3 holds per email, none counts unconfirmed, all lapse', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 100, types: [{ pricePence: 0, quota: 100 }] })
    const outcomes = []
    for (let i = 0; i < 13; i++) {
      // From 13 addresses (each within its own limit): the email is what they share.
      const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 5 })
      if (held.status !== 303) {
        outcomes.push(held.status)
        continue
      }
      outcomes.push((await pay(app.url, held.code!, { name: 'Nobody', email: 'nobody@invalid.invalid' }, 'confirm')).status)
    }
    expect(outcomes.filter((s) => s === 303)).toHaveLength(3)
    expect(outcomes.filter((s) => s === 429)).toHaveLength(10)
    expect(count(`select count(*) from orders where event_id = ? and buyer_email = 'nobody@invalid.invalid'`, ev.eventId)).toBe(3)
    expect(count(`select count(*) from orders where event_id = ? and status = 'paid'`, ev.eventId)).toBe(0)
    expect(count(`select count(*) from tickets where event_id = ?`, ev.eventId)).toBe(0)
    // Unconfirmed RSVPs are holds: they lapse, and every seat is free again.
    exec(app.databasePath, 'update orders set expires_at = ? where event_id = ?', Date.now() - 1, ev.eventId)
    const page = await (await fetch(`${app.url}/events/${ev.slug}/book`)).text()
    expect(page).toContain('100 seats left in the room')
  })

  test('a guessed, wrong or replayed code changes nothing; the right code confirms once', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 0, quota: 5 }] })
    const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    expect((await pay(app.url, held.code!, { name: 'Vera', email: 'vera@example.org' }, 'confirm')).status).toBe(303)
    const code = emailedCode(app.databasePath, held.code!)!
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('vera@example.org'))
    expect(mail.subject).toContain(code)
    for (const bad of ['', '12345', '1234567', 'abcdef', code === '999999' ? '999998' : '999999']) {
      const res = await enterCode(app.url, held.code!, bad)
      expect(res.status, bad).toBe(400)
      expect(alertOf(res.text)).toContain('That code is not right')
    }
    expect(orderRow(app.databasePath, held.code!).status).toBe('pending')
    expect((await enterCode(app.url, held.code!, code)).status).toBe(303)
    expect(orderRow(app.databasePath, held.code!).status).toBe('paid')
    expect((await enterCode(app.url, held.code!, code)).status).toBe(400)
    expect(count('select count(*) from tickets where order_id = ?', orderRow(app.databasePath, held.code!).id)).toBe(1)
  })

  test('a signed-in person with a verified email who books with it is confirmed at once', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 0, quota: 5 }] })
    const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 }, { cookie: member })
    const res = await fetch(`${app.url}/orders/${held.code}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: member, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'confirm', name: 'Maria', email: orderRow(app.databasePath, held.code!).buyer_email }),
    })
    expect(res.status).toBe(303)
    expect(orderRow(app.databasePath, held.code!).status).toBe('paid')
    expect(emailedCode(app.databasePath, held.code!)).toBeNull()
  })
})

describe('the hidden address', () => {
  test('“Nobody <nobody@invalid.invalid>” does not see it; a holder who proved the email does; the .ics follows the page', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 0, quota: 10 }], addressHidden: true })
    const address = venueAddressOf(ev.eventId)
    const nobody = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    await pay(app.url, nobody.code!, { name: 'Nobody', email: 'nobody@invalid.invalid' }, 'confirm')
    const page = await (await fetch(`${app.url}/orders/${nobody.code}`)).text()
    expect(page).toContain('Check your email')
    expect(page).not.toContain(address)
    expect((await fetch(`${app.url}/orders/${nobody.code}/tickets.ics`)).status).toBe(404)

    const real = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    expect((await rsvp(app.url, app.databasePath, real.code!, { name: 'Real', email: 'real@example.org' })).status).toBe(303)
    const confirmed = await (await fetch(`${app.url}/orders/${real.code}`)).text()
    expect(confirmed).toContain(address)
    expect(await (await fetch(`${app.url}/orders/${real.code}/tickets.ics`)).text()).toContain(address.split(',')[0]!)
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('real@example.org') && (m.subject ?? '').startsWith('Your tickets'))
    expect(mail.text).toContain(address)
  })

  test('a paid guest sees it in the email, not on the page (whose link can be passed on)', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 700, quota: 10 }], addressHidden: true })
    const address = venueAddressOf(ev.eventId)
    const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    await pay(app.url, held.code!, { name: 'Payer', email: 'payer-hidden@example.org' })
    // Paid by the webhook's path (the sandbox pays and signs it).
    const order = orderRow(app.databasePath, held.code!)
    const paid = await fetch(`${app.url}/sandbox/checkout/${order.stripe_checkout_session_id}/pay`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ card: '4242 4242 4242 4242', method: 'card' }),
    })
    expect(paid.status).toBe(303)
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('payer-hidden@example.org') && (m.subject ?? '').startsWith('Your tickets'))
    expect(mail.text).toContain(address)
    const page = await (await fetch(`${app.url}/orders/${held.code}`)).text()
    expect(page).toContain('You’re going!')
    expect(page).not.toContain(address)
    expect(page).toContain('The address is in your confirmation email')
    expect(await (await fetch(`${app.url}/orders/${held.code}/tickets.ics`)).text()).not.toContain(address.split(',')[0]!)
  })
})

describe('bookings that need approval', () => {
  test('staff switch it on; a paid booking waits, staff approve (email in the buyer’s language), then the buyer pays; a decline frees the seats', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 1200, quota: 10 }], addressHidden: true })
    const orders = `/staff/events/${ev.slug}/orders`
    // A member cannot change the rules; staff can; garbage is refused.
    expect([403, 404]).toContain((await post(orders, { intent: 'rules', requiresApproval: 'on', maxSeatsPerOrder: '4' }, member)).status)
    expect((await post(orders, { intent: 'rules', requiresApproval: 'on', maxSeatsPerOrder: '999' }, staff)).status).toBe(400)
    expect((await post(orders, { intent: 'rules', requiresApproval: 'on', maxSeatsPerOrder: '4' }, staff)).status).toBe(200)
    expect(count('select requires_approval from events where id = ?', ev.eventId)).toBe(1)
    expect(count('select max_seats_per_order from events where id = ?', ev.eventId)).toBe(4)
    expect((await book(app.url, ev.slug, { [ev.typeIds[0]!]: 5 })).status).toBe(400)

    const ru = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 2 }, { lang: '/ru' })
    const asked = await pay(app.url, ru.code!, { name: 'Анна', email: 'anna-approval@example.org' }, 'pay', '/ru')
    expect(asked.status).toBe(303)
    expect(asked.location).toBe(`/ru/orders/${ru.code}`)
    expect(orderRow(app.databasePath, ru.code!)).toMatchObject({ approval: 'waiting', stripe_checkout_session_id: null })
    const waitingPage = await (await fetch(`${app.url}/ru/orders/${ru.code}`)).text()
    expect(waitingPage).toContain('Ждём подтверждения клуба')
    expect(waitingPage).toContain('Адрес придёт по почте, когда клуб подтвердит вашу бронь.')
    // Asking again does not open Checkout.
    expect((await pay(app.url, ru.code!, { name: 'Анна', email: 'anna-approval@example.org' }, 'pay', '/ru')).location).toBe(`/ru/orders/${ru.code}`)

    const staffPage = await (await fetch(`${app.url}${orders}`, { headers: { cookie: staff } })).text()
    expect(staffPage).toContain('Waiting for approval')
    const id = String(orderRow(app.databasePath, ru.code!).id)
    expect([403, 404]).toContain((await post(orders, { intent: 'approve', orderId: id }, member)).status)
    expect(orderRow(app.databasePath, ru.code!).approval).toBe('waiting')
    expect((await post(orders, { intent: 'approve', orderId: id }, staff)).status).toBe(200)
    expect((await post(orders, { intent: 'approve', orderId: id }, staff)).status).toBe(400)
    const approvedMail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('anna-approval@example.org'))
    expect(approvedMail.subject).toMatch(/^Подтверждено/)
    expect(approvedMail.text).toContain(`/ru/orders/${ru.code}`)
    const checkout = await pay(app.url, ru.code!, { name: 'Анна', email: 'anna-approval@example.org' }, 'pay', '/ru')
    expect(checkout.location).toMatch(/\/sandbox\/checkout\/cs_test_/)

    const declined = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 3 })
    await pay(app.url, declined.code!, { name: 'Dan', email: 'dan-declined@example.org' })
    expect((await post(orders, { intent: 'decline', orderId: String(orderRow(app.databasePath, declined.code!).id) }, staff)).status).toBe(200)
    expect(orderRow(app.databasePath, declined.code!)).toMatchObject({ status: 'cancelled', approval: 'declined' })
    const declinedMail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('dan-declined@example.org'))
    expect(declinedMail.text).toContain('could not approve')
    // An order of another event: 404.
    const other = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 0, quota: 5 }] })
    expect((await post(`/staff/events/${other.slug}/orders`, { intent: 'approve', orderId: id }, staff)).status).toBe(404)
  })

  test('a free booking: email code, then it waits, then approval confirms it and sends the tickets', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 0, quota: 10 }], addressHidden: true })
    exec(app.databasePath, 'update events set requires_approval = 1 where id = ?', ev.eventId)
    const address = venueAddressOf(ev.eventId)
    const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    expect((await rsvp(app.url, app.databasePath, held.code!, { name: 'Free Asker', email: 'free-asker@example.org' })).status).toBe(303)
    expect(orderRow(app.databasePath, held.code!)).toMatchObject({ status: 'pending', approval: 'waiting' })
    const waiting = await (await fetch(`${app.url}/orders/${held.code}`)).text()
    expect(waiting).toContain('Waiting for the club’s approval')
    expect(waiting).not.toContain(address)
    expect((await post(`/staff/events/${ev.slug}/orders`, { intent: 'approve', orderId: String(orderRow(app.databasePath, held.code!).id) }, staff)).status).toBe(200)
    expect(orderRow(app.databasePath, held.code!).status).toBe('paid')
    expect(await (await fetch(`${app.url}/orders/${held.code}`)).text()).toContain(address)
  })
})

describe('members-only tickets say why and show the way', () => {
  test('“For members of the club”, sign in (back here) and join; the button is honestly disabled', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 500, quota: 10, membersOnly: true }] })
    const html = await (await fetch(`${app.url}/events/${ev.slug}/book`)).text()
    expect(html).toContain('For members of the club')
    expect(html).toContain(`href="/login?redirectTo=${encodeURIComponent(`/events/${ev.slug}/book`)}"`)
    expect(html).toContain('href="/membership"')
    expect(html).toMatch(/<button type="submit" class="[^"]*"[^>]*disabled=""/)
    expect(html).toContain('The tickets on sale are for members of the club.')
    const ru = await (await fetch(`${app.url}/ru/events/${ev.slug}/book`)).text()
    expect(ru).toContain('Для членов клуба')
    expect(ru).toContain('href="/ru/membership"')
    // Signed in (not a member): no sign-in link, still the way to join.
    const signedIn = await (await fetch(`${app.url}/events/${ev.slug}/book`, { headers: { cookie: member } })).text()
    expect(signedIn).not.toContain('/login?redirectTo=')
    expect(signedIn).toContain('href="/membership"')
  })
})

describe('all held is not sold out', () => {
  test('the event page, the booking page and the refusal say “all seats are held” until the holds lapse or are paid', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 2, types: [{ pricePence: 0, quota: 2 }] })
    const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 2 })
    const refusal = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    expect(refusal.status).toBe(409)
    expect(refusal.text).toContain('All seats are held')
    const eventPage = await (await fetch(`${app.url}/events/${ev.slug}`, { headers: { cookie: member } })).text()
    expect(eventPage).toContain('All seats are held — check back soon')
    const bookPage = await (await fetch(`${app.url}/events/${ev.slug}/book`)).text()
    expect(bookPage).toContain('All seats are held — check back soon')
    // Confirmed: now it is sold out.
    await rsvp(app.url, app.databasePath, held.code!, { name: 'Taker', email: 'taker@example.org' })
    const soldOut = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    expect(soldOut.status).toBe(409)
    expect(soldOut.text).toContain('Sold out')
    expect(soldOut.text).not.toContain('All seats are held')
  })
})

describe('staff see a free RSVP as free', () => {
  test('“Free — confirmed”, not “Paid”', async () => {
    const ev = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 0, quota: 5 }] })
    const held = await book(app.url, ev.slug, { [ev.typeIds[0]!]: 1 })
    await rsvp(app.url, app.databasePath, held.code!, { name: 'Free Guest', email: 'free-guest@example.org' })
    const html = await (await fetch(`${app.url}/staff/events/${ev.slug}/orders`, { headers: { cookie: staff } })).text()
    expect(html).toContain('Free — confirmed')
    expect(html).not.toMatch(/data-state-label="">Paid/)
    const ru = await (await fetch(`${app.url}/ru/staff/events/${ev.slug}/orders`, { headers: { cookie: staff } })).text()
    expect(ru).toContain('Бесплатно — подтверждено')
  })
})
