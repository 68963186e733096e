/**
 * The public pages' short cache (app/http/page-cache.server.ts), on a real server: reused only for
 * anonymous visitors, each response with its own CSP nonce, never a signed-in person's page for
 * anyone else, and staff changes public at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, signInAs } from './support/sign-in'
import { exec, query } from './support/ticketing'

let app: AppServer
let event: { id: number; slug: string; title_en: string }
beforeAll(async () => {
  // Long enough that nothing in this file expires by itself: every fresh page here is an invalidation.
  app = await startAppServer({ PUBLIC_PAGE_CACHE_SECONDS: '30' })
  event = query<typeof event>(
    app.databasePath,
    `select id, slug, title_en from events where status = 'published' and address_hidden = 0 and starts_at > ? order by starts_at limit 1`,
    Date.now(),
  )[0]!
})
afterAll(() => app.stop())

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} })
const nonceOfHeader = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]
const noncesInPage = (html: string) => [...new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]))]
const retitle = (title: string) => exec(app.databasePath, 'update events set title_en = ? where id = ?', title, event.id)

describe('public page cache', () => {
  test('an anonymous view is reused for the next anonymous visitor, each response with its own nonce, matching its CSP', async () => {
    const first = await get('/events')
    const second = await get('/events')
    const [a, b] = [await first.text(), await second.text()]
    expect(a).toContain(event.title_en)
    expect(nonceOfHeader(first)).not.toBe(nonceOfHeader(second))
    expect(noncesInPage(a)).toEqual([nonceOfHeader(first)])
    expect(noncesInPage(b)).toEqual([nonceOfHeader(second)])
    expect(a.replaceAll(nonceOfHeader(first)!, 'N')).toBe(b.replaceAll(nonceOfHeader(second)!, 'N'))

    // Changed behind the app's back (no staff form): anonymous visitors still get the page as it was…
    retitle('Renamed behind the cache')
    expect(await (await get('/events')).text()).toContain(event.title_en)
    // …while a signed-in member, whose pages are never reused, sees it now; so does a search.
    const member = await signInAs(app, 'member')
    expect(await (await get('/events', member)).text()).toContain('Renamed behind the cache')
    expect(await (await get('/events?q=Renamed')).text()).toContain('Renamed behind the cache')
    retitle(event.title_en)
  })

  test('a signed-in visitor’s page is never kept, nor served to anyone else', async () => {
    const member = await signInAs(app, 'member')
    const mine = await (await get(`/events/${event.slug}`, member)).text()
    expect(mine).toContain(DEMO.member.name)
    for (let i = 0; i < 3; i++) {
      const anonymous = await (await get(`/events/${event.slug}`)).text()
      expect(anonymous).not.toContain(DEMO.member.name)
      expect(anonymous).not.toContain(DEMO.member.email)
    }
    const ru = await (await get(`/ru/events/${event.slug}`)).text()
    expect(ru).toContain('<html lang="ru"')
    expect(ru).not.toContain(DEMO.member.name)
  })

  test('whatever staff post is public at once: a cancellation shows on the next anonymous view', async () => {
    const before = await (await get(`/events/${event.slug}`)).text()
    expect(before).not.toMatch(/cancelled/i)
    const staff = await signInAs(app, 'staff')
    const res = await fetch(`${app.url}/staff/events/${event.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: staff, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'cancel' }),
    })
    expect(res.status).toBe(302)
    expect(await (await get(`/events/${event.slug}`)).text()).toMatch(/cancelled/i)
    expect(await (await get('/events')).text()).toMatch(/cancelled/i)
  })

  test('answers that are not pages are not kept: an unknown event stays a 404, data requests are left alone', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await get('/events/no-such-event')
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('Page not found')
    }
    expect((await get(`/events/${event.slug}.data`)).headers.get('content-type')).not.toMatch(/text\/html/)
  })
})

describe('public page cache, as it expires', () => {
  let short: AppServer
  beforeAll(async () => {
    short = await startAppServer({ PUBLIC_PAGE_CACHE_SECONDS: '1' })
  })
  afterAll(() => short.stop())

  test('just after expiry the page is served as it was while one render refreshes it; then the fresh page', async () => {
    const [row] = query<{ id: number; slug: string; title_en: string }>(
      short.databasePath,
      `select id, slug, title_en from events where status = 'published' and starts_at > ? order by starts_at limit 1`,
      Date.now(),
    )
    const page = () => fetch(`${short.url}/events/${row!.slug}`).then((r) => r.text())
    expect(await page()).toContain(row!.title_en)
    exec(short.databasePath, 'update events set title_en = ? where id = ?', 'Refreshed title', row!.id)
    await new Promise((r) => setTimeout(r, 1200))
    // Expired by under a second: this visitor does not wait for a render, and gets the old page…
    expect(await page()).toContain(row!.title_en)
    // …while the render it started brings the page up to date for the next.
    let fresh = ''
    for (let i = 0; i < 8 && !fresh.includes('Refreshed title'); i++) {
      await new Promise((r) => setTimeout(r, 100))
      fresh = await page()
    }
    expect(fresh).toContain('Refreshed title')
    // Long past expiry (more than twice the time), a visitor waits for the fresh page.
    exec(short.databasePath, 'update events set title_en = ? where id = ?', 'Fresh after waiting', row!.id)
    await new Promise((r) => setTimeout(r, 2300))
    expect(await page()).toContain('Fresh after waiting')
  })
})
