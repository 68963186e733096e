/**
 * Ticketing over real HTTP against the real server and its built-in Stripe sandbox: the official SDK
 * talks HTTP to the sandbox, and the sandbox sends webhooks signed as Stripe signs them.
 */
import fs from 'node:fs'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { startMailbox, type Mailbox } from './support/smtp'
import { book, createTestEvent, exec, orderRow, pay, payInSandbox, query, sandbox, sessionIdFromCheckoutUrl, waitUntil } from './support/ticketing'

let app: AppServer
let mailbox: Mailbox
beforeAll(async () => {
  mailbox = await startMailbox()
  app = await startAppServer({ SMTP_URL: mailbox.url })
})
afterAll(async () => {
  await app?.stop()
  await mailbox?.close()
})

const count = (sql: string, ...params: unknown[]) => Number(Object.values(query(app.databasePath, sql, ...params)[0]!)[0])
const webhookSecret = () => (JSON.parse(fs.readFileSync(`${app.dataDir}/demo-secrets.json`, 'utf8')) as { webhookSecret: string }).webhookSecret
const ordersOf = (eventId: number) => count('select count(*) from orders where event_id = ?', eventId)

/** Books, names the buyer and opens Checkout; returns the order code and the session id. */
async function holdAndCheckout(slug: string, typeId: number, quantity: number, email = 'buyer@example.org') {
  const held = await book(app.url, slug, { [typeId]: quantity })
  expect(held.status).toBe(303)
  const started = await pay(app.url, held.code!, { name: 'Buyer', email })
  expect(started.status).toBe(303)
  return { code: held.code!, sessionId: sessionIdFromCheckoutUrl(started.location!) }
}

describe('a paid booking, end to end', () => {
  test('hold → buyer → Checkout → webhook and return page → one set of tickets, one email', async () => {
    const { slug, typeIds } = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 800, quota: 10 }] })
    const held = await book(app.url, slug, { [typeIds[0]!]: 2 })
    expect(held.status, /role="alert"[^>]*>([^<]*)/.exec(held.text)?.[1]).toBe(303)
    const order = orderRow(app.databasePath, held.code!)
    expect(order.status).toBe('pending')
    expect(order.total_pence).toBe(1600)
    expect(order.expires_at - Date.now()).toBeGreaterThan(29 * 60_000)

    const hold = await fetch(`${app.url}/orders/${held.code}`)
    expect(hold.status).toBe(200)
    expect(await hold.text()).toContain('Your seats are held')

    const first = await pay(app.url, held.code!)
    expect(first.status).toBe(303)
    expect(first.location).toMatch(/\/sandbox\/checkout\/cs_test_/)
    // A double click: the same session.
    const again = await pay(app.url, held.code!)
    expect(again.location).toBe(first.location)
    const sessionId = sessionIdFromCheckoutUrl(first.location!)
    expect(orderRow(app.databasePath, held.code!).stripe_checkout_session_id).toBe(sessionId)

    const hosted = await fetch(first.location!)
    expect(hosted.status).toBe(200)
    const page = await hosted.text()
    expect(page).toContain('4242 4242 4242 4242')
    expect(page).not.toMatch(/<script|style=/)

    const declined = await payInSandbox(app.url, sessionId, '4000 0000 0000 0002')
    expect(declined.status).toBe(200)
    expect(await declined.text()).toContain('declined')
    expect(orderRow(app.databasePath, held.code!).status).toBe('pending')

    const paid = await payInSandbox(app.url, sessionId)
    expect(paid.status).toBe(303)
    const success = paid.headers.get('location')!
    expect(success).toContain(`/orders/${held.code}?session_id=${sessionId}`)
    const returned = await fetch(success.replace(/^http:\/\/localhost:/, 'http://127.0.0.1:'))
    expect(returned.status).toBe(200)
    const html = await returned.text()
    expect(html).toMatch(/You’re going!|Confirming your payment/)

    await waitUntil(() => orderRow(app.databasePath, held.code!).status === 'paid')
    const tickets = query(app.databasePath, 'select code from tickets where order_id = ?', order.id)
    expect(tickets).toHaveLength(2)
    // Signed ticket codes (issue 11): payload.signature, both base64url.
    for (const t of tickets) expect(t.code).toMatch(/^[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{86}$/)
    const mail = await mailbox.waitFor((m) => m.subject === `Your tickets: Test talk ${slug}`)
    expect(mail.attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(2)
    expect(mail.attachments.some((a) => a.filename === 'event.ics')).toBe(true)
    // Let the webhook arrive too: still one of everything.
    await waitUntil(async () => (await sandbox(app.url, '/deliveries')).data.some((d: { type: string; status: number }) => d.type === 'checkout.session.completed' && d.status === 200))
    expect(count('select count(*) from tickets where order_id = ?', order.id)).toBe(2)
    expect(count('select count(*) from outgoing_emails where dedupe_key = ?', `order-confirmation:${order.id}`)).toBe(1)

    const paidPage = await (await fetch(`${app.url}/orders/${held.code}`)).text()
    for (const t of tickets) expect(paidPage).toContain(t.code)
    const ics = await fetch(`${app.url}/orders/${held.code}/tickets.ics`)
    expect(ics.status).toBe(200)
    expect(ics.headers.get('content-type')).toContain('text/calendar')
  })
})

describe('overselling is impossible', () => {
  test('300 concurrent booking requests for an event with 50 seats: exactly 50 seats held', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, {
      capacity: 50,
      types: [
        { pricePence: 500, quota: 40, maxPerOrder: 4 },
        { pricePence: 0, quota: 40, maxPerOrder: 4 },
      ],
    })
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => book(app.url, slug, { [typeIds[i % 2]!]: 1 + (i % 3) })),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.every((s) => s === 303 || s === 409)).toBe(true)
    const seats = count(`select coalesce(sum(quantity), 0) from order_items join orders on orders.id = order_items.order_id where orders.event_id = ? and orders.status = 'pending'`, eventId)
    // Requests of 1–3 seats fill 50 exactly or stop one short of a request that does not fit; the
    // last seats then go to smaller requests. Never more than 50.
    expect(seats).toBeLessThanOrEqual(50)
    expect(seats).toBeGreaterThanOrEqual(48)
    // Every 303 is one order; every refusal a 409 that wrote nothing.
    expect(ordersOf(eventId)).toBe(results.filter((r) => r.status === 303).length)
    // Fill what is left one seat at a time, concurrently: exactly 50.
    await Promise.all(Array.from({ length: 20 }, () => book(app.url, slug, { [typeIds[1]!]: 1 })))
    await Promise.all(Array.from({ length: 20 }, () => book(app.url, slug, { [typeIds[0]!]: 1 })))
    const total = count(`select sum(quantity) from order_items join orders on orders.id = order_items.order_id where orders.event_id = ?`, eventId)
    expect(total).toBe(50)
    for (const [i, typeId] of typeIds.entries()) {
      expect(count('select coalesce(sum(quantity), 0) from order_items where ticket_type_id = ?', typeId), `type ${i}`).toBeLessThanOrEqual(40)
    }
    const page = await (await fetch(`${app.url}/events/${slug}/book`)).text()
    expect(page).toContain('0 seats left in the room')
  })
})

describe('bad input changes nothing', () => {
  test('quantities of zero, negative, fractional or absurd size; a type of another event; sale not open or closed', async () => {
    const now = Date.now()
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, {
      capacity: 100,
      types: [
        { pricePence: 500, quota: 100, maxPerOrder: 5 },
        { pricePence: 500, quota: 100, salesStartAt: now + 86_400_000 },
        { pricePence: 500, quota: 100, salesEndAt: now - 1000 },
        { pricePence: 500, quota: 100, membersOnly: true },
      ],
    })
    const other = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 0, quota: 10 }] })
    const cases: [Record<string, string | number>, RegExp][] = [
      [{}, /Choose at least one ticket/],
      [{ [typeIds[0]!]: 0 }, /Choose at least one ticket/],
      [{ [typeIds[0]!]: -1 }, /whole numbers/],
      [{ [typeIds[0]!]: '1.5' }, /whole numbers/],
      [{ [typeIds[0]!]: '1e3' }, /whole numbers/],
      [{ [typeIds[0]!]: '99999999999999999999' }, /whole numbers/],
      [{ [typeIds[0]!]: 'two' }, /whole numbers/],
      [{ [typeIds[0]!]: 6 }, /at most 5 of this ticket/],
      [{ [typeIds[0]!]: 500 }, /at most 20 tickets/],
      [{ [other.typeIds[0]!]: 1 }, /does not belong to this event/],
      [{ 'qty_999999999': 1 }, /does not belong to this event/],
      [{ [typeIds[1]!]: 1 }, /not on sale yet/],
      [{ [typeIds[2]!]: 1 }, /Sales for this ticket have closed/],
      [{ [typeIds[3]!]: 1 }, /members only/],
    ]
    for (const [quantities, message] of cases) {
      const res = await book(app.url, slug, quantities)
      expect(res.status, JSON.stringify(quantities)).toBe(400)
      expect(res.text, JSON.stringify(quantities)).toMatch(message)
    }
    const ru = await book(app.url, slug, { [typeIds[0]!]: '1.5' }, { lang: '/ru' })
    expect(ru.text).toContain('Количество — целое число')
    expect(ordersOf(eventId)).toBe(0)
    expect(ordersOf(other.eventId)).toBe(0)
    // Unknown event, unknown order, malformed codes: 404.
    expect((await book(app.url, 'no-such-event', { 1: 1 })).status).toBe(404)
    for (const code of ['nope', 'A'.repeat(32), '../../etc/passwd', '%00']) {
      const res = await fetch(`${app.url}/orders/${code}`)
      expect(res.status, code).toBe(404)
      const post = await fetch(`${app.url}/orders/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'intent=pay' })
      expect(post.status, code).toBe(404)
    }
    // A broken body is a 400, not a 500.
    const broken = await fetch(`${app.url}/events/${slug}/book`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nbroken' })
    expect(broken.status).toBe(400)
  })

  test('the buyer form: a missing name or a bad email is refused; an expired hold cannot be paid', async () => {
    const { slug, typeIds } = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 700, quota: 5 }] })
    const held = await book(app.url, slug, { [typeIds[0]!]: 1 })
    const noName = await pay(app.url, held.code!, { name: ' ', email: 'a@example.org' })
    expect(noName.status).toBe(400)
    expect(noName.text).toContain('Please enter your name.')
    const badEmail = await pay(app.url, held.code!, { name: 'A', email: 'not-an-email' })
    expect(badEmail.status).toBe(400)
    expect(badEmail.text).toContain('Please enter a valid email address.')
    expect(orderRow(app.databasePath, held.code!).stripe_checkout_session_id).toBeNull()
    exec(app.databasePath, 'update orders set expires_at = ? where code = ?', Date.now() - 1000, held.code)
    const late = await pay(app.url, held.code!)
    expect(late.status).toBe(400)
    expect(late.text).toContain('This hold has expired')
    expect(orderRow(app.databasePath, held.code!).stripe_checkout_session_id).toBeNull()
    const page = await (await fetch(`${app.url}/orders/${held.code}`)).text()
    expect(page).toContain('This hold has expired')
  })
})

describe('webhooks', () => {
  test('a forged, altered or replayed-late webhook is a 400 and changes nothing', async () => {
    const { slug, typeIds } = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 700, quota: 5 }] })
    const { code, sessionId } = await holdAndCheckout(slug, typeIds[0]!, 1)
    const order = orderRow(app.databasePath, code)
    const payload = JSON.stringify({
      id: 'evt_forged_1',
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: sessionId, object: 'checkout.session', status: 'complete', payment_status: 'paid', payment_intent: 'pi_forged', client_reference_id: String(order.id), metadata: { order_code: code }, expires_at: 0 } },
    })
    const post = (body: string, signature?: string) =>
      fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body })
    expect((await post(payload)).status).toBe(400)
    expect((await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' }))).status).toBe(400)
    const good = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret() })
    expect((await post(payload.replace('"paid"', '"paid" '), good)).status).toBe(400)
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret(), timestamp: Math.floor(Date.now() / 1000) - 3600 })
    expect((await post(payload, stale)).status).toBe(400)
    expect((await post('not json', 't=1,v1=abc')).status).toBe(400)
    expect(orderRow(app.databasePath, code).status).toBe('pending')
    expect(count('select count(*) from processed_payment_events where stripe_event_id = ?', 'evt_forged_1')).toBe(0)
    expect((await fetch(`${app.url}/webhooks/stripe`)).status).toBe(404)
  })

  test('every webhook five times, concurrently and out of order, with the return page at the same time: one fulfilment, one email', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 20, types: [{ pricePence: 1000, quota: 20 }] })
    const buyers = await Promise.all([0, 1, 2].map((i) => holdAndCheckout(slug, typeIds[0]!, 2, `replay${i}@example.org`)))
    await sandbox(app.url, '/webhooks', { hold: true })
    for (const b of buyers) expect((await payInSandbox(app.url, b.sessionId)).status).toBe(303)
    const held = await sandbox(app.url, '/webhooks/held')
    expect(held.held.length).toBe(3)
    await sandbox(app.url, '/webhooks', { hold: false })
    const [released, redelivered] = await Promise.all([
      sandbox(app.url, '/webhooks/release', { repeat: 5, order: 'shuffle' }),
      Promise.all(buyers.map((b) => sandbox(app.url, '/events/redeliver', { session: b.sessionId, repeat: 5, order: 'reverse' }))),
      ...buyers.map((b) => fetch(`${app.url}/orders/${b.code}?session_id=${b.sessionId}`)),
      ...buyers.map((b) => fetch(`${app.url}/orders/${b.code}?session_id=${b.sessionId}`)),
    ])
    const all = [...released.delivered, ...redelivered.flatMap((r: { delivered: unknown[] }) => r.delivered)] as { status: number }[]
    expect(all.length).toBe(15 + 15)
    expect(all.every((d) => d.status === 200)).toBe(true)
    for (const b of buyers) {
      const order = orderRow(app.databasePath, b.code)
      expect(order.status).toBe('paid')
      expect(count('select count(*) from tickets where order_id = ?', order.id)).toBe(2)
      expect(count('select count(*) from outgoing_emails where to_address = ?', order.buyer_email)).toBe(1)
    }
    expect(count('select count(*) from tickets where event_id = ?', eventId)).toBe(6)
    // Give the mailer time, then count what really left over SMTP.
    await waitUntil(() => buyers.every((_, i) => mailbox.messages.some((m) => m.to && JSON.stringify(m.to).includes(`replay${i}@example.org`))))
    await new Promise((r) => setTimeout(r, 1000))
    for (const i of [0, 1, 2]) expect(mailbox.messages.filter((m) => JSON.stringify(m.to).includes(`replay${i}@example.org`)).length).toBe(1)
  })
})

describe('holds expire and payments after expiry', () => {
  test('an abandoned hold gives its seats back on time; its Checkout Session is ended and the order marked expired', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 2, types: [{ pricePence: 900, quota: 2 }] })
    const { code, sessionId } = await holdAndCheckout(slug, typeIds[0]!, 2)
    expect((await book(app.url, slug, { [typeIds[0]!]: 1 })).status).toBe(409)
    exec(app.databasePath, 'update orders set expires_at = ? where code = ?', Date.now() - 1, code)
    // The seats are free at once, before any sweep ran.
    expect(orderRow(app.databasePath, code).status).toBe('pending')
    // The sweep that marks it runs when people book, at most every 2 s per process.
    await new Promise((r) => setTimeout(r, 2100))
    const again = await book(app.url, slug, { [typeIds[0]!]: 2 })
    expect(again.status).toBe(303)
    await waitUntil(() => orderRow(app.databasePath, code).status === 'expired')
    const session = await waitUntil(async () => {
      const events = (await sandbox(app.url, `/events?session=${sessionId}`)).data as { type: string }[]
      return events.some((e) => e.type === 'checkout.session.expired') ? events : null
    })
    expect(session.some((e) => e.type === 'checkout.session.expired')).toBe(true)
    expect(count(`select count(*) from orders where event_id = ? and status = 'pending'`, eventId)).toBe(1)
  })

  test('a payment after expiry is accepted while seats remain, and the buyer is told', async () => {
    const { slug, typeIds } = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 1200, quota: 5 }] })
    const { code, sessionId } = await holdAndCheckout(slug, typeIds[0]!, 1, 'late-ok@example.org')
    await sandbox(app.url, '/webhooks', { hold: true })
    expect((await payInSandbox(app.url, sessionId)).status).toBe(303)
    exec(app.databasePath, 'update orders set expires_at = ? where code = ?', Date.now() - 1, code)
    await sandbox(app.url, '/webhooks', { hold: false })
    await sandbox(app.url, '/webhooks/release', { repeat: 2, order: 'shuffle' })
    const order = orderRow(app.databasePath, code)
    expect(order.status).toBe('paid')
    expect(order.late_outcome).toBe('accepted')
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('late-ok@example.org'))
    expect(mail.text).toContain('after your hold had expired')
  })

  test('a payment after expiry into a sold-out event is refunded through Stripe, and the buyer is told in their language', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 2, types: [{ pricePence: 1500, quota: 2 }] })
    const held = await book(app.url, slug, { [typeIds[0]!]: 2 }, { lang: '/ru' })
    const started = await pay(app.url, held.code!, { name: 'Анна', email: 'late-refund@example.org' }, 'pay', '/ru')
    const sessionId = sessionIdFromCheckoutUrl(started.location!)
    await sandbox(app.url, '/webhooks', { hold: true })
    expect((await payInSandbox(app.url, sessionId)).status).toBe(303)
    // The hold runs out before the payment is heard of, and somebody else takes the seats.
    exec(app.databasePath, 'update orders set expires_at = ? where code = ?', Date.now() - 1, held.code)
    const other = await book(app.url, slug, { [typeIds[0]!]: 2 })
    expect(other.status).toBe(303)
    await pay(app.url, other.code!, { name: 'Other', email: 'other@example.org' })
    await sandbox(app.url, '/webhooks', { hold: false })
    await sandbox(app.url, '/webhooks/release', { repeat: 3, order: 'shuffle' })
    const order = await waitUntil(() => {
      const o = orderRow(app.databasePath, held.code!)
      return o.status === 'refunded' ? o : null
    })
    expect(order.late_outcome).toBe('refunded')
    expect(order.refunded_pence).toBe(3000)
    expect(count('select count(*) from tickets where order_id = ?', order.id)).toBe(0)
    // The refund exists at "Stripe", once.
    const stripe = new Stripe('sk_test_sandbox', { host: '127.0.0.1', port: app.port, protocol: 'http', maxNetworkRetries: 0 })
    const refunds = await stripe.refunds.list({ payment_intent: order.stripe_payment_intent_id })
    expect(refunds.data).toHaveLength(1)
    expect(refunds.data[0]!.amount).toBe(3000)
    // The return page says so, and it does not refund twice.
    const page = await (await fetch(`${app.url}/ru/orders/${held.code}?session_id=${sessionId}`)).text()
    expect(page).toContain('Мы вернули всю сумму')
    expect((await stripe.refunds.list({ payment_intent: order.stripe_payment_intent_id })).data).toHaveLength(1)
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('late-refund@example.org'))
    expect(mail.subject).toMatch(/^Деньги возвращены/)
    expect(count('select sum(quantity) from order_items join orders on orders.id = order_items.order_id where orders.event_id = ? and orders.status in (\'pending\', \'paid\')', eventId)).toBe(2)
  })
})

describe('free events', () => {
  test('an RSVP takes the same path without Stripe, with the same holds and quotas', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 3, types: [{ pricePence: 0, quota: 3 }] })
    const held = await book(app.url, slug, { [typeIds[0]!]: 2 })
    expect(held.status).toBe(303)
    const confirmed = await pay(app.url, held.code!, { name: 'Guest', email: 'rsvp@example.org' }, 'confirm')
    expect(confirmed.status).toBe(303)
    expect(confirmed.location).toBe(`/orders/${held.code}`)
    const order = orderRow(app.databasePath, held.code!)
    expect(order.status).toBe('paid')
    expect(order.stripe_checkout_session_id).toBeNull()
    expect(count('select count(*) from tickets where order_id = ?', order.id)).toBe(2)
    // Confirming twice changes nothing.
    await pay(app.url, held.code!, { name: 'Guest', email: 'rsvp@example.org' }, 'confirm')
    expect(count('select count(*) from tickets where order_id = ?', order.id)).toBe(2)
    expect((await book(app.url, slug, { [typeIds[0]!]: 2 })).status).toBe(409)
    expect(ordersOf(eventId)).toBe(1)
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes('rsvp@example.org'))
    expect(mail.attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(2)
  })
})

describe('delayed payments', () => {
  test('the return page keeps confirming; async success fulfils once; async failure gives the seats back', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 4, types: [{ pricePence: 1000, quota: 4 }] })
    const bankPay = (sessionId: string) =>
      fetch(`${app.url}/sandbox/checkout/${sessionId}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ method: 'bank', card: '' }) })
    const ok = await holdAndCheckout(slug, typeIds[0]!, 2, 'bank-ok@example.org')
    const fails = await holdAndCheckout(slug, typeIds[0]!, 2, 'bank-fail@example.org')
    expect((await bankPay(ok.sessionId)).status).toBe(303)
    expect((await bankPay(fails.sessionId)).status).toBe(303)
    await waitUntil(() => orderRow(app.databasePath, ok.code).stripe_payment_intent_id)
    expect(orderRow(app.databasePath, ok.code).status).toBe('pending')
    const waiting = await (await fetch(`${app.url}/orders/${ok.code}?session_id=${ok.sessionId}`)).text()
    expect(waiting).toContain('Confirming your payment')
    await sandbox(app.url, `/sessions/${ok.sessionId}/settle`, { outcome: 'succeeded' })
    await sandbox(app.url, `/sessions/${fails.sessionId}/settle`, { outcome: 'failed' })
    await waitUntil(() => orderRow(app.databasePath, ok.code).status === 'paid')
    await waitUntil(() => orderRow(app.databasePath, fails.code).status === 'cancelled')
    await sandbox(app.url, '/events/redeliver', { session: ok.sessionId, repeat: 3, order: 'shuffle' })
    expect(count('select count(*) from tickets where event_id = ?', eventId)).toBe(2)
    expect(count('select count(*) from outgoing_emails where to_address = ?', 'bank-ok@example.org')).toBe(1)
    expect((await book(app.url, slug, { [typeIds[0]!]: 2 })).status).toBe(303)
    const failed = await (await fetch(`${app.url}/orders/${fails.code}`)).text()
    expect(failed).toContain('The payment failed')
  })
})
