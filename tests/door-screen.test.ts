/**
 * The door screen's page over HTTP: who may open it, what it carries (no names: those travel only
 * in the door API's snapshot), its own CSP (wasm for the QR reader, nothing from elsewhere), the
 * service worker and the wasm from our origin, and the sign-out that clears the door's storage.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { signInAs } from './support/sign-in'
import { book, createTestEvent, exec, query, rsvp } from './support/ticketing'

let app: AppServer
let eventId: number
let door: string
let member: string

beforeAll(async () => {
  app = await startAppServer()
  const made = createTestEvent(app.databasePath, { capacity: 10, startsInDays: 1 / 24, types: [{ nameEn: 'Standard', pricePence: 0, quota: 10 }] })
  eventId = made.eventId
  const held = await book(app.url, made.slug, { [made.typeIds[0]!]: 1 })
  await rsvp(app.url, app.databasePath, held.code!, { name: 'Зоя Секретная', email: 'zoya@example.org' })
  door = await signInAs(app, 'door')
  member = await signInAs(app, 'member')
}, 60_000)
afterAll(async () => {
  await app?.stop()
})

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })

describe('the door screen page', () => {
  test('door staff get the page with its own policy and no guest names; nobody else gets it', async () => {
    for (const lang of ['', '/ru']) {
      const res = await get(`${lang}/staff/door/${eventId}`, door)
      expect(res.status).toBe(200)
      const csp = res.headers.get('content-security-policy')!
      // One policy (the route's replaces the site's), with wasm allowed and still no inline script without the nonce.
      expect(csp.split(', ')).toHaveLength(1)
      expect(csp).toContain("'wasm-unsafe-eval'")
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/)
      expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:/)
      expect(res.headers.get('cache-control')).toContain('no-store')
      const html = await res.text()
      expect(html).toContain('id="door-code"')
      expect(html).not.toContain('Зоя')
      expect(html).not.toContain('zoya@example.org')
      const ticketCode = query<{ code: string }>(app.databasePath, 'select code from tickets where event_id = ?', eventId)[0]!.code
      expect(html).not.toContain(ticketCode)
    }
    // Other pages keep the site's policy, without wasm.
    expect((await get('/events')).headers.get('content-security-policy')).not.toContain('wasm-unsafe-eval')

    expect((await get(`/staff/door/${eventId}`)).headers.get('location')).toMatch(/^\/login\?redirectTo=/)
    const asMember = await get(`/staff/door/${eventId}`, member)
    expect(asMember.status).toBe(404)
    expect(await asMember.text()).not.toContain('door-code')
  })

  test('a guessed, garbled or draft event is not found', async () => {
    exec(app.databasePath, `update events set status = 'draft' where id = (select max(id) from events where id <> ?)`, eventId)
    const draft = query<{ id: number }>(app.databasePath, `select id from events where status = 'draft' order by id desc limit 1`)[0]!.id
    for (const path of ['/staff/door/999999', '/staff/door/0', '/staff/door/-1', '/staff/door/1e3', '/staff/door/abc', `/staff/door/${'9'.repeat(40)}`, `/ru/staff/door/${draft}`]) {
      const res = await get(path, door)
      expect(res.status, path).toBe(404)
    }
  })

  test('the service worker and the QR wasm come from our own origin', async () => {
    const sw = await get('/door-sw.js')
    expect(sw.status).toBe(200)
    expect(sw.headers.get('content-type')).toMatch(/javascript/)
    const html = await (await get(`/staff/door/${eventId}`, door)).text()
    // The wasm is an asset of the build, referenced by the door's own chunk (never a CDN).
    const chunk = /\/assets\/\(_lang\)\.staff\.door\._eventId-[A-Za-z0-9_-]+\.js/.exec(html)?.[0]
    expect(chunk).toBeTruthy()
    const scanner = await (await get(chunk!)).text()
    const wasm = /\/assets\/zxing_reader-[A-Za-z0-9_-]+\.wasm/.exec(scanner)?.[0]
    expect(wasm).toBeTruthy()
    const res = await get(wasm!)
    expect(res.status).toBe(200)
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]))
    expect(scanner).not.toMatch(/unpkg|jsdelivr|cdn\./)
  })

  test('signing out tells the browser to clear the door’s storage', async () => {
    const cookie = await signInAs(app, 'door')
    const res = await fetch(`${app.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(302)
    expect(res.headers.get('clear-site-data')).toBe('"storage"')
  })
})
