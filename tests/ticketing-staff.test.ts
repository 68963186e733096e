/**
 * The back office and the signed-in buyer, over HTTP: staff pages check the role in loader AND
 * action; ticket types and capacity are managed with their rules; a confirmation can be resent; a
 * signed-in buyer's order is linked to their account, prefilled, listed, and private to them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { signInAs } from './support/sign-in'
import { createSignedInUser } from './support/staff-session'
import { book, createTestEvent, orderRow, query, rsvp } from './support/ticketing'

let app: AppServer
let staff: string
let member: string
beforeAll(async () => {
  app = await startAppServer()
  ;[staff, member] = await Promise.all([signInAs(app, 'staff'), signInAs(app, 'member')])
})
afterAll(async () => {
  await app?.stop()
})

const post = (path: string, body: Record<string, string>, cookie?: string) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(body),
  })
const count = (sql: string, ...params: unknown[]) => Number(Object.values(query(app.databasePath, sql, ...params)[0]!)[0])

describe('staff pages', () => {
  test('only staff: a guest is sent to sign in, a member gets 404, for loaders and actions alike', async () => {
    const { slug } = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 500, quota: 10 }] })
    for (const page of ['orders', 'tickets']) {
      const path = `/staff/events/${slug}/${page}`
      const guest = await fetch(`${app.url}${path}`, { redirect: 'manual' })
      expect(guest.status).toBe(302)
      expect(guest.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
      expect((await fetch(`${app.url}${path}`, { headers: { cookie: member } })).status).toBe(404)
      expect((await post(path, { intent: 'capacity', capacity: '1' }, member)).status).toBe(404)
      expect((await post(path, { intent: 'resend', orderId: '1' })).status).toBe(302)
      expect((await fetch(`${app.url}${path}`, { headers: { cookie: staff } })).status).toBe(200)
      expect((await fetch(`${app.url}/ru${path}`, { headers: { cookie: staff } })).status).toBe(200)
      expect((await fetch(`${app.url}/staff/events/no-such-event/${page}`, { headers: { cookie: staff } })).status).toBe(404)
    }
    expect(count(`select capacity from events where slug = ?`, slug)).toBe(10)
  })

  test('ticket types: create, edit, withdraw; quota and capacity never below what is sold or held', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 500, quota: 10 }] })
    const path = `/staff/events/${slug}/tickets`
    const created = await post(path, { intent: 'save', typeId: '', nameEn: 'Student', nameRu: 'Студенческий', price: '4.50', memberPrice: '', quota: '5', maxPerOrder: '2', salesStart: '', salesEnd: '', membersOnly: '' }, staff)
    expect(created.status).toBe(200)
    const student = query(app.databasePath, `select * from ticket_types where event_id = ? and name_en = 'Student'`, eventId)[0]!
    expect(student.price_pence).toBe(450)
    expect(student.max_per_order).toBe(2)
    // Bad fields: a clear 400, nothing saved.
    for (const bad of [{ price: '-1' }, { price: 'abc' }, { quota: '1.5' }, { maxPerOrder: '0' }, { nameEn: '' }, { salesStart: '2030-01-02T10:00', salesEnd: '2030-01-01T10:00' }]) {
      const res = await post(path, { intent: 'save', typeId: '', nameEn: 'X', nameRu: 'Х', price: '1', memberPrice: '', quota: '1', maxPerOrder: '1', salesStart: '', salesEnd: '', membersOnly: '', ...bad }, staff)
      expect(res.status, JSON.stringify(bad)).toBe(400)
    }
    expect(count('select count(*) from ticket_types where event_id = ?', eventId)).toBe(2)
    // A type of another event cannot be edited through this one.
    const other = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 0, quota: 5 }] })
    const foreign = await post(path, { intent: 'save', typeId: String(other.typeIds[0]), nameEn: 'Hijack', nameRu: 'Х', price: '1', memberPrice: '', quota: '1', maxPerOrder: '1', salesStart: '', salesEnd: '', membersOnly: '' }, staff)
    expect(foreign.status).toBe(400)
    expect(query(app.databasePath, 'select name_en from ticket_types where id = ?', other.typeIds[0])[0]!.name_en).not.toBe('Hijack')

    expect((await book(app.url, slug, { [typeIds[0]!]: 4 })).status).toBe(303)
    const lowQuota = await post(path, { intent: 'save', typeId: String(typeIds[0]), nameEn: 'Standard', nameRu: 'Стандарт', price: '5', memberPrice: '', quota: '3', maxPerOrder: '10', salesStart: '', salesEnd: '', membersOnly: '' }, staff)
    expect(lowQuota.status).toBe(400)
    expect(await lowQuota.text()).toContain('cannot be lower than the 4 tickets')
    const lowCapacity = await post(path, { intent: 'capacity', capacity: '3' }, staff)
    expect(lowCapacity.status).toBe(400)
    expect(count('select capacity from events where id = ?', eventId)).toBe(10)
    expect((await post(path, { intent: 'capacity', capacity: '4' }, staff)).status).toBe(200)
    expect(count('select capacity from events where id = ?', eventId)).toBe(4)
    expect((await book(app.url, slug, { [student.id]: 1 })).status).toBe(409)

    expect((await post(path, { intent: 'archive', typeId: String(student.id) }, staff)).status).toBe(200)
    expect((await book(app.url, slug, { [student.id]: 1 })).status).toBe(400)
    expect(count(`select count(*) from audit_log where action like 'ticket_type.%' or action = 'event.capacity_changed'`)).toBeGreaterThanOrEqual(3)
  })

  test('orders with their state; a paid order’s confirmation is resent, others are refused', async () => {
    const { slug, eventId, typeIds } = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 0, quota: 10 }] })
    const paid = await book(app.url, slug, { [typeIds[0]!]: 1 })
    await rsvp(app.url, app.databasePath, paid.code!, { name: 'Olga Paid', email: 'olga@example.org' })
    const held = await book(app.url, slug, { [typeIds[0]!]: 2 })
    const path = `/staff/events/${slug}/orders`
    const html = await (await fetch(`${app.url}${path}`, { headers: { cookie: staff } })).text()
    expect(html).toContain('Olga Paid')
    expect(html).toContain('data-order-state="paid"')
    expect(html).toContain('data-order-state="held"')
    const heldOnly = await (await fetch(`${app.url}${path}?state=held`, { headers: { cookie: staff } })).text()
    expect(heldOnly).not.toContain('Olga Paid')
    const paidId = orderRow(app.databasePath, paid.code!).id
    const before = count('select count(*) from outgoing_emails where to_address = ?', 'olga@example.org')
    const resent = await post(path, { intent: 'resend', orderId: String(paidId) }, staff)
    expect(resent.status).toBe(200)
    expect(count('select count(*) from outgoing_emails where to_address = ?', 'olga@example.org')).toBe(before + 1)
    expect((await post(path, { intent: 'resend', orderId: String(orderRow(app.databasePath, held.code!).id) }, staff)).status).toBe(400)
    // An order of another event, or none: 404; garbage: 400.
    const other = createTestEvent(app.databasePath, { capacity: 5, types: [{ pricePence: 0, quota: 5 }] })
    expect((await post(`/staff/events/${other.slug}/orders`, { intent: 'resend', orderId: String(paidId) }, staff)).status).toBe(404)
    expect((await post(path, { intent: 'resend', orderId: 'abc' }, staff)).status).toBe(400)
    expect(count('select count(*) from outgoing_emails where to_address = ?', 'olga@example.org')).toBe(before + 1)
    expect(count(`select count(*) from orders where event_id = ?`, eventId)).toBe(2)
  })
})

describe('a signed-in buyer', () => {
  test('the order is linked to the account, prefilled, listed under the account, and private to them', async () => {
    const { slug, typeIds } = createTestEvent(app.databasePath, { capacity: 10, types: [{ pricePence: 0, quota: 10 }] })
    const held = await book(app.url, slug, { [typeIds[0]!]: 1 }, { cookie: member })
    const order = orderRow(app.databasePath, held.code!)
    expect(order.user_id).not.toBeNull()
    expect(order.buyer_email).toBe('member@demo.openrussia.club')
    const page = await (await fetch(`${app.url}/orders/${held.code}`, { headers: { cookie: member } })).text()
    expect(page).toContain('value="member@demo.openrussia.club"')
    const res = await fetch(`${app.url}/orders/${held.code}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: member, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'confirm', name: 'Maria Member', email: 'member@demo.openrussia.club' }),
    })
    expect(res.status).toBe(303)
    const mine = await (await fetch(`${app.url}/account/tickets`, { headers: { cookie: member } })).text()
    expect(mine).toContain(`/orders/${held.code}`)
    // Another member: the order link is a 404 (page, action and .ics), as for an unknown order.
    const stranger = await createSignedInUser(app, { roles: ['member'], name: 'Stranger' })
    expect((await fetch(`${app.url}/orders/${held.code}`, { headers: { cookie: stranger.cookie } })).status).toBe(404)
    expect((await fetch(`${app.url}/orders/${held.code}/tickets.ics`, { headers: { cookie: stranger.cookie } })).status).toBe(404)
    const hijack = await fetch(`${app.url}/orders/${held.code}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: stranger.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'confirm', name: 'Stranger', email: 'stranger@example.org' }),
    })
    expect(hijack.status).toBe(404)
    expect(orderRow(app.databasePath, held.code!).buyer_email).toBe('member@demo.openrussia.club')
    expect(await (await fetch(`${app.url}/account/tickets`, { headers: { cookie: stranger.cookie } })).text()).not.toContain(held.code!)
    // Another account's ticket list never shows it; staff may open it (to help at the door).
    const admin = await signInAs(app, 'admin')
    const otherList = await fetch(`${app.url}/account/tickets`, { headers: { cookie: staff } })
    expect(await otherList.text()).not.toContain(held.code!)
    expect((await fetch(`${app.url}/orders/${held.code}`, { headers: { cookie: admin } })).status).toBe(200)
    expect((await fetch(`${app.url}/account/tickets`, { redirect: 'manual' })).status).toBe(302)
  })
})
