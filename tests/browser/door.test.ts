/**
 * The door screen in a phone-sized chromium against the real server: a hardware scanner (code +
 * Enter), the camera (chromium's fake camera playing a y4m of a real ticket QR), search in both
 * scripts, a whole order at once, undo, live counts on a second device, sales at the door, a
 * server too slow to answer, going offline, admitting offline, coming back, the queue sent once,
 * and the list gone after signing out. Times from scan to verdict are measured and reported.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { ARTIFACTS, CHROMIUM_PATH, PHONE, screenshot } from '../support/browser'
import { signInAs } from '../support/sign-in'
import { book, createTestEvent, query, rsvp as confirmRsvp, waitUntil } from '../support/ticketing'
import { writeQrY4m } from '../support/y4m'

let app: AppServer
let browser: Browser
let eventId: number
let slug: string
let typeIds: number[]
let doorCookie: string
let staffCookie: string
const timings: { what: string; ms: number; offline: boolean }[] = []

type TicketRow = { id: number; code: string; orderCode: string; holder: string }

/** A free booking confirmed as a guest would; returns its tickets with their codes. */
async function rsvp(name: string, email: string, quantities: Record<string, number>): Promise<TicketRow[]> {
  const held = await book(app.url, slug, quantities)
  expect(held.status, held.text).toBe(303)
  const confirmed = await confirmRsvp(app.url, app.databasePath, held.code!, { name, email })
  expect(confirmed.status, confirmed.text).toBe(303)
  return waitUntil(() => {
    const rows = query<TicketRow>(
      app.databasePath,
      `select t.id, t.code, o.code as orderCode, coalesce(t.holder_name, o.buyer_name) as holder from tickets t join orders o on o.id = t.order_id where o.code = ? order by t.id`,
      held.code,
    )
    return rows.length > 0 ? rows : null
  })
}

const checkIns = (ticketId: number) => query<{ n: number }>(app.databasePath, 'select count(*) as n from check_ins where ticket_id = ?', ticketId)[0]!.n

async function doorContext(cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, serviceWorkers: 'allow' })
  const [name, ...value] = cookie.split('=')
  await context.addCookies([{ name: name!, value: value.join('='), url: app.url }])
  return context
}

async function openDoor(context: BrowserContext, lang = ''): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(`${app.url}${lang}/staff/door/${eventId}`)
  await page.locator('#door-code').waitFor()
  // Tonight's list has reached the device.
  await page.locator('[data-queue]', { hasText: /\d/ }).waitFor()
  return page
}

/** Types a code as a hardware scanner does (keys, then Enter) and returns the verdict shown. */
async function scan(page: Page, code: string, what: string) {
  await page.locator('[data-verdict]').waitFor({ state: 'detached' })
  await page.locator('#door-code').focus()
  await page.keyboard.type(code, { delay: 0 })
  await page.keyboard.press('Enter')
  return readVerdict(page, what)
}

async function readVerdict(page: Page, what: string) {
  const el = page.locator('[data-verdict]')
  await el.waitFor()
  const verdict = {
    status: (await el.getAttribute('data-verdict'))!,
    reason: (await el.getAttribute('data-reason'))!,
    offline: (await el.getAttribute('data-offline')) === 'true',
    text: (await el.innerText()).replace(/\s+/g, ' '),
  }
  const measured = await page.evaluate(() => (window.__doorTimings ?? []).slice(-1)[0])
  if (measured) timings.push({ what, ...measured })
  return verdict
}

beforeAll(async () => {
  app = await startAppServer()
  ;({ slug, eventId, typeIds } = createTestEvent(app.databasePath, {
    capacity: 60,
    startsInDays: 1 / 24,
    types: [
      { nameEn: 'Standard', pricePence: 0, quota: 40 },
      { nameEn: 'Friends', pricePence: 0, quota: 20 },
    ],
  }))
  doorCookie = await signInAs(app, 'door')
  staffCookie = await signInAs(app, 'staff')
  fs.mkdirSync(ARTIFACTS, { recursive: true })
}, 120_000)

afterAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  fs.writeFileSync(path.join(ARTIFACTS, 'door-timings.json'), JSON.stringify(timings, null, 2))
  const by = (offline: boolean) => timings.filter((t) => t.offline === offline).map((t) => Math.round(t.ms))
  console.log(`door: scan → verdict shown, online ms: ${by(false).join(', ')}; offline ms: ${by(true).join(', ')}`)
  await browser?.close()
  await app?.stop()
})

describe('the door screen', () => {
  let anna: TicketRow[]
  let boris: TicketRow[]
  let camera: TicketRow[]

  test('scanner, camera, forged and repeated codes, search in both scripts, whole order, undo, live counts', async () => {
    anna = await rsvp('Анна Иванова', 'anna@example.org', { [typeIds[0]!]: 2 })
    boris = await rsvp('Boris Pasternak', 'boris@example.org', { [typeIds[1]!]: 1 })
    camera = await rsvp('Camera Guest', 'camera@example.org', { [typeIds[0]!]: 1 })
    // Codes are signed tickets: payload.signature, base64url.
    expect(anna[0]!.code).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/)

    const video = path.resolve('tmp', `door-camera-${process.pid}.y4m`)
    fs.mkdirSync(path.dirname(video), { recursive: true })
    await writeQrY4m(video, camera[0]!.code)
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    })

    const door = await doorContext(doorCookie)
    const page = await openDoor(door)
    const cspErrors: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text())
    })

    // A hardware scanner: the code typed into the always-focused field, then Enter.
    const first = await scan(page, anna[0]!.code, 'scanner')
    expect(first).toMatchObject({ status: 'admitted', offline: false })
    expect(first.text).toContain('Анна Иванова')
    await screenshot(page, 'door-en-admit')
    expect(checkIns(anna[0]!.id)).toBe(1)

    const again = await scan(page, anna[0]!.code, 'scanner-repeat')
    expect(again).toMatchObject({ status: 'refused', reason: 'already_checked_in' })
    expect(again.text).toContain('Already checked in')
    expect(again.text).toContain('Dmitri Door')
    await screenshot(page, 'door-en-refuse-already')
    expect(checkIns(anna[0]!.id)).toBe(1)

    const [body, sig] = anna[1]!.code.split('.') as [string, string]
    const forged = await scan(page, `${body}.${sig.slice(0, 20)}${sig[20] === 'A' ? 'B' : 'A'}${sig.slice(21)}`, 'forged')
    expect(forged).toMatchObject({ status: 'refused', reason: 'forged' })
    expect(checkIns(anna[1]!.id)).toBe(0)
    const garbage = await scan(page, 'not a ticket <script>', 'garbage')
    expect(garbage).toMatchObject({ status: 'refused', reason: 'unknown' })
    // The verdict goes by itself and the field is ready for the next guest.
    await page.locator('[data-verdict]').waitFor({ state: 'detached', timeout: 4000 })
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('door-code')

    // The camera: chromium's fake camera plays the y4m of the ticket's QR code; the ponyfill reads it.
    await page.getByRole('button', { name: 'Use the camera' }).click()
    const seen = await readVerdict(page, 'camera')
    expect(seen.status).toBe('admitted')
    expect(seen.text).toContain('Camera Guest')
    expect(await page.locator('video').getAttribute('data-engine')).toBe('zxing-wasm')
    await page.getByRole('button', { name: 'Stop the camera' }).click()
    expect(checkIns(camera[0]!.id)).toBe(1)
    expect(cspErrors).toEqual([])

    // Live counts on a second device, without reloading it.
    const staff = await doorContext(staffCookie)
    const other = await openDoor(staff, '/ru')
    const admittedOn = async (p: Page) => Number(await p.locator('[data-counts-admitted]').getAttribute('data-counts-admitted'))
    await waitUntil(async () => (await admittedOn(other)) === 2)

    // Search: Latin for a Cyrillic name, Cyrillic for a Latin one; the whole order at once.
    await page.locator('#door-search-q').fill('ivanova')
    await page.locator('#door-search-q').press('Enter')
    await page.locator('[data-results="2"]').waitFor()
    await page.getByRole('button', { name: /Admit the whole order/ }).waitFor({ state: 'detached' }) // one of the two is already in
    await page.locator(`[data-ticket="${anna[1]!.id}"]`).getByRole('button', { name: 'Admit' }).click()
    expect((await readVerdict(page, 'search-admit')).status).toBe('admitted')
    expect(checkIns(anna[1]!.id)).toBe(1)
    await waitUntil(async () => (await admittedOn(other)) === 3)
    await screenshot(other, 'door-ru-counts-live')

    await other.locator('#door-search-q').fill('Пастернак')
    await other.locator('#door-search-q').press('Enter')
    await other.locator(`[data-ticket="${boris[0]!.id}"]`).waitFor()
    await screenshot(other, 'door-ru-search')
    await other.locator(`[data-ticket="${boris[0]!.id}"]`).getByRole('button', { name: 'Пропустить' }).click()
    const ru = await readVerdict(other, 'search-admit-ru')
    expect(ru.text).toContain('ПРОПУСТИТЬ')
    await screenshot(other, 'door-ru-admit')
    expect(checkIns(boris[0]!.id)).toBe(1)

    // Undo (wrong person), then the ticket may be admitted again.
    await page.locator('[data-verdict]').waitFor({ state: 'detached' })
    await page.locator('#door-search-q').fill('Pasternak')
    await page.locator('#door-search-q').press('Enter')
    await page.locator(`[data-ticket="${boris[0]!.id}"]`).getByRole('button', { name: 'Undo' }).click()
    await page.getByText('Admission undone: Boris Pasternak').waitFor()
    expect(checkIns(boris[0]!.id)).toBe(0)

    // A whole order from the results.
    const family = await rsvp('Лев Толстой', 'lev@example.org', { [typeIds[0]!]: 3 })
    await page.locator('#door-search-q').fill('tolstoi')
    await page.locator('#door-search-q').press('Enter')
    await page.getByRole('button', { name: 'Admit the whole order (3)' }).click()
    expect((await readVerdict(page, 'whole-order')).status).toBe('admitted')
    for (const t of family) expect(checkIns(t.id)).toBe(1)

    await staff.close()
    await door.close()
  }, 240_000)

  // The walk-in sale's API (POST …/walk-in) is the server side's (branch wt-door); until its route
  // exists this test is reported as skipped, not passed.
  test.skipIf(!fs.existsSync('app/routes/_api+/api.door.events.$eventId.walk-in.ts'))('a sale at the door: sold, and admitted', async () => {
    const door = await doorContext(doorCookie)
    const page = await openDoor(door)
    const ticketsBefore = query<{ n: number }>(app.databasePath, 'select count(*) as n from tickets where event_id = ?', eventId)[0]!.n
    await page.getByText('Sell at the door').click()
    await page.getByLabel('Quantity').fill('2')
    await page.getByLabel('Name (optional)').fill('Walk-in Guest')
    await page.getByLabel('Cash').check()
    await page.getByLabel('Amount taken (£)').fill('0')
    await page.getByRole('button', { name: 'Sell and admit' }).click()
    await page.getByText('Sold and admitted: 2 tickets').waitFor()
    const sold = query<{ id: number }>(app.databasePath, 'select id from tickets where event_id = ? order by id desc limit 2', eventId)
    expect(query<{ n: number }>(app.databasePath, 'select count(*) as n from tickets where event_id = ?', eventId)[0]!.n).toBe(ticketsBefore + 2)
    for (const t of sold) expect(checkIns(t.id)).toBe(1)
    await screenshot(page, 'door-en-walk-in')
    await door.close()
  }, 120_000)

  test('a slow server: judged on the device after ~2 s, queued with the same nonce, counted once', async () => {
    const [late] = await rsvp('Slow Network', 'slow@example.org', { [typeIds[0]!]: 1 })
    const door = await doorContext(doorCookie)
    const page = await openDoor(door)
    // The first redeem is held for 4 s on its way to the server, then delivered.
    let held = false
    await page.route('**/redeem*', async (route) => {
      if (held) return route.continue()
      held = true
      await new Promise((r) => setTimeout(r, 4000))
      await route.continue()
    })
    const verdict = await scan(page, late!.code, 'slow-server-fallback')
    expect(verdict).toMatchObject({ status: 'admitted', offline: true })
    // From Enter to the verdict on screen, measured in the page: the ~2 s limit, not the 4 s hold.
    const waited = timings.at(-1)!
    expect(waited.what).toBe('slow-server-fallback')
    expect(waited.ms).toBeGreaterThanOrEqual(1900)
    expect(waited.ms).toBeLessThan(3500)
    // The held request and the queue's resend both reach the server with one nonce: one check-in.
    await waitUntil(() => query(app.databasePath, 'select 1 from check_ins where ticket_id = ?', late!.id).length === 1)
    await page.locator('[data-queue="0"]').waitFor({ timeout: 20_000 })
    expect(checkIns(late!.id)).toBe(1)
    expect(query<{ n: number }>(app.databasePath, 'select count(*) as n from door_scans where ticket_id = ?', late!.id)[0]!.n).toBe(1)
    await door.close()
  }, 120_000)

  test('offline: the page reloads, scans and names are judged on the device, the queue is sent once, conflicts are shown', async () => {
    const guests = await rsvp('Ольга Смирнова', 'olga@example.org', { [typeIds[0]!]: 2 })
    const door = await doorContext(doorCookie)
    const page = await openDoor(door)
    // The service worker has the page and its assets before the network goes.
    await waitUntil(() => page.evaluate(async () => (await (await caches.open('club-door-v1')).keys()).some((r) => new URL(r.url).pathname === location.pathname)))

    // Sold after this device took its list: known offline by its signature only.
    const [later] = await rsvp('Late Buyer', 'late@example.org', { [typeIds[1]!]: 1 })

    await door.setOffline(true)
    await page.reload()
    await page.locator('[data-connection="offline"]').waitFor()
    await screenshot(page, 'door-en-offline')

    const offlineAdmit = await scan(page, guests[0]!.code, 'offline-admit')
    expect(offlineAdmit).toMatchObject({ status: 'admitted', offline: true })
    expect(offlineAdmit.text).toContain('Ольга Смирнова')
    await screenshot(page, 'door-en-offline-admit')
    expect((await scan(page, guests[0]!.code, 'offline-repeat')).reason).toBe('already_checked_in')
    const notOnList = await scan(page, later!.code, 'offline-not-on-list')
    expect(notOnList).toMatchObject({ status: 'admitted', offline: true })
    expect(notOnList.text).toContain('not on this phone’s list')
    const [body] = guests[1]!.code.split('.')
    expect((await scan(page, `${body}.${'A'.repeat(86)}`, 'offline-forged')).reason).toBe('forged')

    // Names on the device, in either script.
    await page.locator('#door-search-q').fill('smirnova')
    await page.locator('#door-search-q').press('Enter')
    await page.getByText('Searching this phone’s list (offline).').waitFor()
    await page.locator(`[data-ticket="${guests[1]!.id}"]`).waitFor()

    // Meanwhile another device admits the second guest online; this one admits her offline too.
    const staff = await fetch(`${app.url}/api/door/events/${eventId}/redeem`, {
      method: 'POST',
      headers: { cookie: staffCookie, 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ ticketId: guests[1]!.id, nonce: 'other-device-nonce-0001', deviceId: 'front-desk' }),
    })
    expect(((await staff.json()) as { status: string }).status).toBe('admitted')
    await page.locator(`[data-ticket="${guests[1]!.id}"]`).getByRole('button', { name: 'Admit' }).click()
    expect((await readVerdict(page, 'offline-search-admit')).status).toBe('admitted')
    await page.locator('[data-queue="3"]').waitFor()
    expect(checkIns(guests[0]!.id)).toBe(0)

    await door.setOffline(false)
    await page.locator('[data-queue="0"]').waitFor({ timeout: 20_000 })
    expect(checkIns(guests[0]!.id)).toBe(1)
    expect(checkIns(later!.id)).toBe(1)
    expect(checkIns(guests[1]!.id)).toBe(1)
    expect(query<{ method: string }>(app.databasePath, 'select method from check_ins where ticket_id = ?', guests[0]!.id)[0]!.method).toBe('offline_sync')
    // The conflict: both sides, with times.
    const conflicts = page.locator('[data-conflicts]')
    await conflicts.waitFor()
    expect(await conflicts.innerText()).toContain('Ольга Смирнова')
    expect(await conflicts.innerText()).toContain('front-desk')
    await page.locator('[data-verdict]').waitFor({ state: 'detached' })
    await conflicts.scrollIntoViewIfNeeded()
    await screenshot(page, 'door-en-conflict')

    // A second flush sends nothing again.
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await new Promise((r) => setTimeout(r, 500))
    expect(checkIns(guests[0]!.id)).toBe(1)
    await door.close()
  }, 180_000)

  test('a browser without WebCrypto Ed25519 checks signatures with @noble/ed25519', async () => {
    const [guest] = await rsvp('Noble Guest', 'noble@example.org', { [typeIds[0]!]: 1 })
    const door = await doorContext(doorCookie)
    // As in an older browser: WebCrypto refuses Ed25519 keys.
    await door.addInitScript(() => {
      const importKey = crypto.subtle.importKey.bind(crypto.subtle)
      crypto.subtle.importKey = ((...args: Parameters<SubtleCrypto['importKey']>) => {
        const alg = args[2] as { name?: string } | string
        if ((typeof alg === 'string' ? alg : alg.name) === 'Ed25519') return Promise.reject(new DOMException('no Ed25519', 'NotSupportedError'))
        return importKey(...args)
      }) as SubtleCrypto['importKey']
    })
    const page = await openDoor(door)
    await door.setOffline(true)
    expect(await scan(page, guest!.code, 'noble-admit')).toMatchObject({ status: 'admitted', offline: true })
    const [body] = guest!.code.split('.')
    expect((await scan(page, `${body}.${'B'.repeat(86)}`, 'noble-forged')).reason).toBe('forged')
    await door.setOffline(false)
    await page.locator('[data-queue="0"]').waitFor({ timeout: 20_000 })
    expect(checkIns(guest!.id)).toBe(1)
    await door.close()
  }, 120_000)

  test('Russian offline screen; signing out takes the list and the worker off the device', async () => {
    const door = await doorContext(doorCookie)
    const page = await openDoor(door, '/ru')
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('club-door')
    await door.setOffline(true)
    await scan(page, 'garbage', 'ru-offline-garbage')
    await screenshot(page, 'door-ru-offline-refuse')
    await page.locator('[data-verdict]').waitFor({ state: 'detached' })
    await page.locator('[data-connection="offline"]').waitFor()
    await screenshot(page, 'door-ru-offline')
    await door.setOffline(false)

    await page.goto(`${app.url}/ru/account`)
    await page.getByRole('button', { name: /Выйти/ }).click()
    await page.waitForURL(/\/ru\/login/)
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('club-door')
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0)
    await door.close()
  }, 120_000)
})
