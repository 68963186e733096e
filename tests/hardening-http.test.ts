/**
 * Issue #9, on the real server over HTTP: request bodies refused past their address's limit (by
 * Content-Length and by counting a chunked body) without the server holding them; methods we do
 * not serve; the public page cache kept through anonymous posts under /staff; order codes kept out
 * of the log whatever their case; webhooks dated in the future; control and bidi-override
 * characters in names; a path that climbs out of /uploads.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import ical from 'node-ical'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { signInAs } from './support/sign-in'
import { exec, query, waitUntil } from './support/ticketing'

let app: AppServer
beforeAll(async () => {
  // Info level, to read the request log; a long cache, so that only an invalidation refreshes a page.
  app = await startAppServer({ LOG_LEVEL: 'info', PUBLIC_PAGE_CACHE_SECONDS: '30' })
})
afterAll(() => app?.stop())

const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${app.process.pid}/status`, 'utf8'))![1]) / 1024

type Sent = { status: number; body: string; written: number; headers: http.IncomingHttpHeaders }

/**
 * POSTs `total` bytes of `name=aaaa…` in 64 KB writes, with the given Content-Length or chunked (none),
 * and stops writing as soon as the server answers: `written` is how much it sent before that.
 */
function postStream(pathname: string, total: number, { contentLength }: { contentLength?: number } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (contentLength !== undefined) headers['content-length'] = contentLength
    const req = http.request(`${app.url}${pathname}`, { method: 'POST', headers })
    let written = 0
    let answered = false
    const chunk = Buffer.alloc(64 * 1024, 'a')
    req.on('response', (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode!, body, written, headers: res.headers })
      })
    })
    req.on('error', (error) => (answered ? undefined : reject(error)))
    const pump = () => {
      while (!answered && written < total) {
        const piece = written === 0 ? Buffer.concat([Buffer.from('name='), chunk]) : chunk
        written += piece.length
        if (!req.write(piece)) return void req.once('drain', pump)
      }
      if (!answered) req.end()
    }
    pump()
  })
}

function send(method: string, pathname: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${pathname}`, { method })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

const form = (pathname: string, body: string | URLSearchParams, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${pathname}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body })

describe('request bodies have a limit', () => {
  test('a body declared larger than the limit is refused with 413 before it is read, in the address’s language', async () => {
    const before = rssMb()
    const declared = 256 * 1024 * 1024
    const ru = await postStream('/ru/register', declared, { contentLength: declared })
    expect(ru.status).toBe(413)
    expect(ru.body).toContain('<html lang="ru"')
    expect(ru.body).toContain('Слишком много данных')
    expect(ru.body).toContain('16 КБ')
    // Answered after a few writes, not after 256 MB.
    expect(ru.written).toBeLessThan(8 * 1024 * 1024)
    expect(ru.body.length).toBeLessThan(2000)
    expect(ru.body).not.toContain('aaaa')

    const en = await postStream('/login', declared, { contentLength: declared })
    expect(en.status).toBe(413)
    expect(en.body).toContain('Too much was sent')
    expect(rssMb() - before).toBeLessThan(30)
  })

  test('a chunked body with no length is counted as it arrives and refused past the limit, without the server holding it', async () => {
    const before = rssMb()
    const total = 64 * 1024 * 1024
    const res = await postStream('/register', total)
    expect(res.status).toBe(413)
    expect(res.body).toContain('Too much was sent')
    expect(res.written).toBeLessThan(total)
    const after = rssMb()
    console.log(`chunked 64 MB to /register: answered 413 after ${(res.written / 1024 / 1024).toFixed(1)} MB written; server RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`)
    expect(after - before).toBeLessThan(30)
    // Booking too (it accepted 256 MB before).
    const book = await postStream('/events/anything/book', 4 * 1024 * 1024)
    expect(book.status).toBe(413)
  })

  test('the webhook refuses more than 512 KB, as JSON, before checking the signature', async () => {
    const big = await fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' }, body: 'x'.repeat(600 * 1024) })
    expect(big.status).toBe(413)
    expect(big.headers.get('content-type')).toContain('application/json')
    expect(((await big.json()) as { error: { type: string } }).error.type).toBe('tooLarge')
    // Under the limit it reaches the signature check, which refuses it.
    const small = await fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' }, body: 'x'.repeat(400 * 1024) })
    expect(small.status).toBe(400)
  })

  test('staff forms may be larger (both languages’ descriptions), up to their own limit; routing ignores case, so do the limits', async () => {
    // 300 KB to a staff page reaches the sign-in check (anonymous: sent to sign in), not the size check.
    const body = `descriptionEn=${'%D0%B0'.repeat(50_000)}`
    expect(body.length).toBeGreaterThan(300_000)
    expect((await form('/staff/events/1', body)).status).toBe(302)
    expect((await form('/STAFF/events/1', body)).status).toBe(302)
    // 600 KB does not.
    expect((await form('/staff/events/1', body + body)).status).toBe(413)
    // Everywhere else, 20 KB is too much.
    expect((await form('/ru/events/x/book', 'name=' + 'a'.repeat(20_000))).status).toBe(413)
  })

  test('ordinary forms still work, with a length or chunked', async () => {
    const member = await signInAs(app, 'member')
    expect(member).toMatch(/^club_session=/)
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${app.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on('error', reject)
      req.write('email=member%40demo.openrussia.club&')
      req.end('password=demo-member-pass&website=&redirectTo=')
    })
    expect(chunked).toBe(302)
  })
})

describe('methods we do not serve', () => {
  test('TRACE, TRACK and made-up methods are a 405 in the address’s language, never a 500', async () => {
    for (const method of ['TRACE', 'TRACK', 'PROPFIND']) {
      const res = await send(method, '/')
      expect(res.status, method).toBe(405)
      expect(res.headers.allow).toContain('GET')
    }
    const ru = await send('TRACE', '/ru/events')
    expect(ru.status).toBe(405)
    expect(ru.body).toContain('Не поддерживается')
    expect(app.output()).not.toContain('unhandled error')
  })
})

describe('the public page cache', () => {
  test('an anonymous or member POST under /staff does not empty it', async () => {
    const event = query<{ id: number; slug: string; title_en: string }>(
      app.databasePath,
      `select id, slug, title_en from events where status = 'published' order by starts_at desc limit 1`,
    )[0]!
    const page = `/events/${event.slug}`
    expect(await (await fetch(`${app.url}${page}`)).text()).toContain(event.title_en)
    exec(app.databasePath, 'update events set title_en = ? where id = ?', 'Changed behind the cache', event.id)
    const member = await signInAs(app, 'member')
    for (const target of ['/staff/events/1', '/ru/staff/venues/new', '/STAFF/speakers/1', '/staff/events/1.data']) {
      await form(target, 'titleEn=x')
      await form(target, 'titleEn=x', { cookie: member })
    }
    // Still the cached page: nobody with the permission changed anything.
    expect(await (await fetch(`${app.url}${page}`)).text()).not.toContain('Changed behind the cache')
    // (That a staff member's accepted change does empty it is tests/page-cache.test.ts's.)
    exec(app.databasePath, 'update events set title_en = ? where id = ?', event.title_en, event.id)
  })
})

describe('the request log', () => {
  test('never holds an order code, whatever the case of the path, in .ics paths and query strings', async () => {
    const codes = ['ZQXJ7Case1', 'zqxj7case2', 'ZQXJ7ics3', 'ZQXJ7query4', 'ZQXJ7data5']
    await fetch(`${app.url}/ORDERS/${codes[0]}`)
    await fetch(`${app.url}/ru/Orders/${codes[1]}`)
    await fetch(`${app.url}/ru/ORDERS/${codes[2]}/tickets.ics`)
    await fetch(`${app.url}/login?redirectTo=/orders/${codes[3]}`)
    await fetch(`${app.url}/orders/${codes[4]}.data`)
    await new Promise((r) => setTimeout(r, 300))
    const log = app.output()
    expect(log).toContain('/orders/:code')
    for (const code of codes) expect(log, code).not.toContain(code)
  })
})

describe('webhooks', () => {
  test('a webhook signed with a timestamp 10 minutes in the future is refused; one signed now is accepted', async () => {
    const secret = (JSON.parse(fs.readFileSync(path.join(app.dataDir, 'demo-secrets.json'), 'utf8')) as { webhookSecret: string }).webhookSecret
    const payload = JSON.stringify({ id: `evt_future_${Date.now()}`, object: 'event', type: 'customer.created', data: { object: { id: 'cus_x', object: 'customer' } } })
    const post = (timestamp: number) =>
      fetch(`${app.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) },
        body: payload,
      })
    const now = Math.floor(Date.now() / 1000)
    expect((await post(now + 600)).status).toBe(400)
    expect((await post(now - 600)).status).toBe(400)
    expect((await post(now + 60)).status).toBe(200)
  })
})

describe('text fields', () => {
  test('NUL, control and bidi-override characters are removed from a name; Hebrew, Arabic and Cyrillic letters are kept', async () => {
    const email = `bidi-${Date.now()}@example.org`
    const res = await form(
      '/register',
      new URLSearchParams({ name: 'Анна\u0000 \u202Egpj.exe\u202C Ivanova\u2066\u2069\nשלום مرحبا\u200F', email, password: 'a long enough password', locale: 'en', privacy: 'on', website: '' }),
    )
    expect(res.status).toBe(302)
    const [user] = query<{ name: string }>(app.databasePath, 'select name from users where email = ?', email)
    expect(user!.name).toBe('Анна gpj.exe Ivanova שלום مرحبا\u200F')
  })
})

describe('uploads', () => {
  test('a path that climbs out of /uploads is a 404 in the reader’s language, not a server error', async () => {
    for (const [p, text] of [
      ['/uploads/%2e%2e/%2e%2e/etc/passwd', 'Page not found'],
      ['/uploads/..%2fclub.db', 'Page not found'],
      ['/ru/uploads/%2e%2e/club.db', 'Страница не найдена'],
    ] as const) {
      const res = await send('GET', p)
      expect(res.status, p).toBe(404)
      expect(res.body, p).toContain(text)
      expect(res.body, p).not.toContain('Server error')
    }
  })
})

describe('demo mode on the network', () => {
  test('with no HOST, demo mode listens on 127.0.0.1 only and says so', async () => {
    const demo = await startAppServer({ HOST: undefined, SEED_DEMO: 'false' })
    try {
      await waitUntil(() => /Listening on 127\.0\.0\.1 only/.test(demo.output()), { timeoutMs: 5000 })
      expect((await fetch(`http://127.0.0.1:${demo.port}/healthz`)).status).toBe(200)
      // This machine's other addresses do not answer.
      const others = Object.values(os.networkInterfaces())
        .flat()
        .filter((a) => a && a.family === 'IPv4' && !a.internal)
        .map((a) => a!.address)
      for (const address of others) {
        const error = await fetch(`http://${address}:${demo.port}/healthz`).then(
          () => null,
          (e: Error & { cause?: { code?: string } }) => e.cause?.code,
        )
        expect(error, address).toBe('ECONNREFUSED')
      }
      console.log(`demo server checked unreachable on: ${others.join(', ') || '(no other interface)'}`)
    } finally {
      await demo.stop()
    }
  })
})

describe('.ics files', () => {
  test('every .ics file ends with CRLF (RFC 5545) and reads back in node-ical', async () => {
    const slug = query<{ slug: string }>(app.databasePath, `select slug from events where status = 'published' order by starts_at desc limit 1`)[0]!.slug
    for (const p of ['/events.ics', '/ru/events.ics', `/events/${slug}/calendar.ics`, `/ru/events/${slug}/calendar.ics`]) {
      const res = await fetch(`${app.url}${p}`)
      expect(res.status, p).toBe(200)
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(bytes.subarray(-15).toString('latin1'), p).toBe('END:VCALENDAR\r\n')
      // Every line ends with CRLF: no bare LF anywhere.
      expect(bytes.toString('utf8').replaceAll('\r\n', ''), p).not.toMatch(/[\r\n]/)
      const parsed = Object.values(ical.sync.parseICS(bytes.toString('utf8'))).filter((c) => c.type === 'VEVENT')
      expect(parsed.length, p).toBeGreaterThan(0)
    }
  })

  test('the .ics of an unknown order is a plain 404, without an "Unexpected Server Error" message', async () => {
    for (const p of ['/orders/NoSuchOrderCode/tickets.ics', '/ru/orders/NoSuchOrderCode/tickets.ics']) {
      const res = await fetch(`${app.url}${p}`)
      expect(res.status, p).toBe(404)
      const text = await res.text()
      expect(text, p).not.toContain('Unexpected Server Error')
      expect(res.headers.get('content-type'), p).not.toContain('text/calendar')
    }
  })
})

describe('the demo outbox', () => {
  test('a message’s attachments are listed with name, type and size, and each downloads as it was sent', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    const attachments = [
      { filename: 'event.ics', contentType: 'text/calendar', content: Buffer.from(ics).toString('base64') },
      { filename: 'ticket-1.png', contentType: 'image/png', content: png.toString('base64'), cid: 'qr1' },
    ]
    const [{ id }] = query<{ id: number }>(
      app.databasePath,
      `insert into outgoing_emails (to_address, locale, template, subject, text, html, attachments) values ('a@example.org', 'en', 'test', 'With files', 'Hi', '<p>Hi</p>', ?) returning id`,
      JSON.stringify(attachments),
    ) as [{ id: number }]
    const en = await (await fetch(`${app.url}/outbox/${id}`)).text()
    expect(en).toContain('2 attachments')
    expect(en).toContain('event.ics')
    expect(en).toContain('text/calendar')
    expect(en).toContain(`href="/outbox/${id}/attachments/0"`)
    expect(en).toContain(`text/calendar · ${Buffer.byteLength(ics)} B`)
    const ru = await (await fetch(`${app.url}/ru/outbox/${id}`)).text()
    expect(ru).toContain('2 вложения')
    expect(ru).toContain(`text/calendar · ${Buffer.byteLength(ics)} Б`)

    const file = await fetch(`${app.url}/outbox/${id}/attachments/0`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/)
    expect(file.headers.get('content-disposition')).toContain('attachment; filename="event.ics"')
    expect(await file.text()).toBe(ics)
    const image = await fetch(`${app.url}/outbox/${id}/attachments/1`)
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true)
    for (const bad of [`/outbox/${id}/attachments/2`, `/outbox/${id}/attachments/-1`, `/outbox/${id}/attachments/x`, '/outbox/999999/attachments/0']) {
      expect((await fetch(`${app.url}${bad}`)).status, bad).toBe(404)
    }
  })
})

describe('the audit log', () => {
  test('entries are shown in words in the reader’s language, with the stored code beside them', async () => {
    exec(app.databasePath, `insert into audit_log (actor_user_id, action, subject_type, subject_id) values (null, 'role.granted', 'user', '1')`)
    exec(app.databasePath, `insert into audit_log (actor_user_id, action, subject_type, subject_id) values (null, 'something.new', 'thing', '2')`)
    const admin = await signInAs(app, 'admin')
    const en = await (await fetch(`${app.url}/staff/audit`, { headers: { cookie: admin } })).text()
    expect(en).toContain('title="role.granted">Role granted<')
    expect(en).toMatch(/<code[^>]*>role\.granted<\/code>/)
    expect(en).toContain('Person #1')
    // An action nobody has labelled yet is shown by its code, never as a missing key.
    expect(en).toContain('title="something.new">something.new<')
    const ru = await (await fetch(`${app.url}/ru/staff/audit`, { headers: { cookie: admin } })).text()
    expect(ru).toContain('title="role.granted">Роль выдана<')
    expect(ru).toContain('Человек #1')
  })
})
