/**
 * Ticketing over real HTTP against the real server and its built-in Stripe sandbox: the official SDK
 * talks HTTP to the sandbox, and the sandbox sends webhooks signed as Stripe signs them.
 */
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
const webhookSecret = () => {
  const fs = require('node:fs') as typeof import('node:fs')
  return (JSON.parse(fs.readFileSync(`${app.dataDir}/demo-secrets.json`, 'utf8')) as { webhookSecret: string }).webhookSecret
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
    expect(declined.status).toBe(402)
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
    for (const t of tickets) expect(t.code).toMatch(/^[A-Za-z0-9_-]{24}$/)
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
