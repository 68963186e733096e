/** The real server over HTTP: pages in both languages, security headers, bad input, health, restarts. */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'

let app: AppServer
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(async () => {
  await app?.stop()
})

describe('pages', () => {
  test('the home page in English and in Russian, with the right <html lang>', async () => {
    const en = await fetch(`${app.url}/`)
    expect(en.status).toBe(200)
    const enHtml = await en.text()
    expect(enHtml).toContain('<html lang="en"')
    expect(enHtml).toContain('Russian culture, in London')
    expect(enHtml).toContain('Open Elections: training for independent observers')

    const ru = await fetch(`${app.url}/ru`)
    expect(ru.status).toBe(200)
    const ruHtml = await ru.text()
    expect(ruHtml).toContain('<html lang="ru"')
    expect(ruHtml).toContain('Русская культура в Лондоне')
    expect(ruHtml).toMatch(/\d+ предстоящ(ее|их) событи(е|я|й)/)
    // Cyrillic pages are longer than React's stream buffers: no byte of a character may be lost.
    expect(ruHtml).not.toContain('\u0000')
    expect(ruHtml).not.toContain('\ufffd')
    // The switch points at the same page in the other language.
    expect(ruHtml).toMatch(/href="\/"[^>]*>English</)
  })

  test('unknown URLs give the 404 page in the URL’s language', async () => {
    for (const [path, text, lang] of [
      ['/no-such-page', 'Page not found', 'en'],
      ['/no/such/page', 'Page not found', 'en'],
      ['/ru/no-such-page', 'Страница не найдена', 'ru'],
      ['/de/events', 'Page not found', 'en'],
    ] as const) {
      const res = await fetch(`${app.url}${path}`)
      expect(res.status, path).toBe(404)
      const html = await res.text()
      expect(html, path).toContain(text)
      expect(html, path).toContain(`<html lang="${lang}"`)
    }
  })
})

describe('bad input is never a 500', () => {
  test('a malformed URL is a 400', async () => {
    const res = await fetch(`${app.url}/%E0%A4%A`)
    expect(res.status).toBe(400)
  })

  test('a broken body posted to a page is refused without a server error', async () => {
    for (const [type, body] of <[string, string][]>[
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'],
      ['application/json', '{"not json'],
      ['application/x-www-form-urlencoded', '%%%'],
    ]) {
      for (const path of ['/', '/ru/privacy', '/nowhere']) {
        const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body })
        expect(res.status, `${type} → ${path}`).toBeGreaterThanOrEqual(400)
        expect(res.status, `${type} → ${path}`).toBeLessThan(500)
      }
    }
  })

  test('error pages never show a stack trace', async () => {
    const html = await (await fetch(`${app.url}/ru/nowhere`)).text()
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/)
    expect(html).not.toContain('Error:')
  })
})

describe('security headers', () => {
  test('CSP allows no inline script without this response’s nonce, and no third party but Stripe', async () => {
    const res = await fetch(`${app.url}/`)
    const csp = res.headers.get('content-security-policy')!
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    const origins = csp.match(/https?:\/\/[^\s;]+/g) ?? []
    expect(origins.every((o) => o.endsWith('.stripe.com'))).toBe(true)
    const html = await res.text()
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!)
    expect(scripts.length).toBeGreaterThan(0)
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`)
    // A new request, a new nonce.
    const again = (await fetch(`${app.url}/`)).headers.get('content-security-policy')!
    expect(again).not.toContain(nonce)

    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-powered-by')).toBeNull()
  })

  test('fingerprinted assets are cached for a year, pages are compressed', async () => {
    const html = await (await fetch(`${app.url}/`)).text()
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]
    const asset = await fetch(`${app.url}${css}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('max-age=31536000')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    const page = await fetch(`${app.url}/`, { headers: { 'accept-encoding': 'gzip' } })
    expect(page.headers.get('content-encoding')).toBe('gzip')
  })
})

test('/healthz checks the database', async () => {
  const res = await fetch(`${app.url}/healthz`)
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ ok: true })
})

test('SIGTERM finishes, closes the database cleanly, and a second start keeps the data without seeding twice', async () => {
  const server = await startAppServer()
  const countEvents = () => {
    const db = new Database(server.databasePath, { readonly: true })
    try {
      return db.prepare('select count(*) from events').pluck().get() as number
    } finally {
      db.close()
    }
  }
  // A request in flight when the signal arrives still gets its answer.
  const inFlight = fetch(`${server.url}/ru`)
  await new Promise((r) => setTimeout(r, 5))
  const code = await server.stop({ keepData: true })
  expect(code).toBe(0)
  expect((await inFlight).status).toBe(200)
  // The WAL was checkpointed into the main file on close.
  expect(fs.existsSync(`${server.databasePath}-wal`) ? fs.statSync(`${server.databasePath}-wal`).size : 0).toBe(0)
  const events = countEvents()
  expect(events).toBeGreaterThan(0)

  const again = await startAppServer({}, { dataDir: server.dataDir })
  expect((await fetch(`${again.url}/healthz`)).status).toBe(200)
  expect(countEvents()).toBe(events)
  await again.stop()
})

test('a deployment with a public URL but no secrets refuses to start and names what is missing', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { NODE_ENV: 'production', PATH: process.env.PATH, PUBLIC_URL: 'https://club.example.org', DATA_DIR: 'tmp/refuse', DATABASE_PATH: 'tmp/refuse/club.db', REMIX_BUILD_DIR: process.env.TEST_BUILD_DIR },
    encoding: 'utf8',
    timeout: 30_000,
  })
  expect(result.status).toBe(1)
  expect(result.stderr).toContain('cannot start')
  expect(result.stderr).toContain('SESSION_SECRET, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, SMTP_URL')
})

test('a form posted from another site is refused; our own origin passes', async () => {
  const foreign = await fetch(`${app.url}/`, {
    method: 'POST',
    headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=1',
  })
  expect(foreign.status).toBe(403)
  const own = await fetch(`${app.url}/`, {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=1',
  })
  expect(own.status).not.toBe(403)
})

test('the outbox shows what the club would have sent, only in demo mode', async () => {
  const res = await fetch(`${app.url}/ru/outbox`)
  expect(res.status).toBe(200)
  expect(await res.text()).toContain('Почта')
  expect((await fetch(`${app.url}/outbox/999999`)).status).toBe(404)
  expect((await fetch(`${app.url}/outbox/abc/html`)).status).toBe(404)
})

test('a page with a policy of its own (an email in the outbox) gets exactly that policy, not the site-wide one too', async () => {
  const db = new Database(app.databasePath)
  const id = db
    .prepare(
      "insert into outgoing_emails (to_address, locale, template, subject, text, html) values ('a@example.org', 'en', 'test', 'Hello', 'Hello', '<p style=\"color:red\">Hello</p>') returning id",
    )
    .pluck()
    .get() as number
  db.close()
  const res = await fetch(`${app.url}/outbox/${id}/html`)
  expect(res.status).toBe(200)
  const csp = res.headers.get('content-security-policy')!
  expect(csp).toContain("style-src 'unsafe-inline'")
  expect(csp).not.toContain("style-src 'self'")
  expect(csp).not.toContain(',')
  expect(await res.text()).toContain('Hello')
})
