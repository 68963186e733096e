/**
 * Helpers for the ticketing tests: events made directly in a server's database (not through the
 * calendar's staff pages), booking and paying over HTTP as a browser and Stripe would.
 */
import crypto from 'node:crypto'
import Database from 'better-sqlite3'

export type TestType = { nameEn?: string; pricePence: number; quota: number; maxPerOrder?: number; salesStartAt?: number | null; salesEndAt?: number | null; membersOnly?: boolean }

export function openDb(file: string) {
  const db = new Database(file)
  db.pragma('busy_timeout = 10000')
  return db
}

/** A published event with its ticket types; returns the slug and the types' ids. */
export function createTestEvent(
  databasePath: string,
  { capacity, types, addressHidden = false, startsInDays = 20 }: { capacity: number; types: TestType[]; addressHidden?: boolean; startsInDays?: number },
) {
  const db = openDb(databasePath)
  try {
    const slug = `test-${crypto.randomBytes(5).toString('hex')}`
    const startsAt = Date.now() + startsInDays * 24 * 3600 * 1000
    const venueId = (db.prepare('select id from venues order by id limit 1').get() as { id: number } | undefined)?.id ?? null
    const eventId = Number(
      db
        .prepare(
          `insert into events (slug, status, kind, language, title_en, title_ru, summary_en, summary_ru, starts_at, ends_at, venue_id, address_hidden, capacity, published_at)
           values (?, 'published', 'talk', 'ru', ?, ?, 'A test talk', 'Тестовая лекция', ?, ?, ?, ?, ?, ?)`,
        )
        .run(slug, `Test talk ${slug}`, `Тестовая лекция ${slug}`, startsAt, startsAt + 2 * 3600 * 1000, venueId, addressHidden ? 1 : 0, capacity, Date.now()).lastInsertRowid,
    )
    const typeIds = types.map((t, i) =>
      Number(
        db
          .prepare(
            `insert into ticket_types (event_id, name_en, name_ru, price_pence, quota, max_per_order, sales_start_at, sales_end_at, members_only, position)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(eventId, t.nameEn ?? `Type ${i + 1}`, `Вид ${i + 1}`, t.pricePence, t.quota, t.maxPerOrder ?? 10, t.salesStartAt ?? null, t.salesEndAt ?? null, t.membersOnly ? 1 : 0, i).lastInsertRowid,
      ),
    )
    return { slug, eventId, typeIds }
  } finally {
    db.close()
  }
}

/** POSTs the booking form. Returns the status and, on success, the order code. */
/**
 * A client address for a request: the server trusts X-Forwarded-For from loopback (a proxy in front),
 * so tests can be many clients. Each call of `book` is a different client unless `clientIp` is given.
 */
export function randomClientIp() {
  const b = crypto.randomBytes(3)
  return `10.${b[0]}.${b[1]}.${b[2]}`
}

export async function book(
  baseUrl: string,
  slug: string,
  quantities: Record<string, string | number>,
  { lang = '', cookie, clientIp = randomClientIp() }: { lang?: '' | '/ru'; cookie?: string; clientIp?: string } = {},
) {
  const body = new URLSearchParams(Object.entries(quantities).map(([k, v]) => [k.startsWith('qty_') ? k : `qty_${k}`, String(v)]))
  const res = await fetch(`${baseUrl}${lang}/events/${slug}/book`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientIp, ...(cookie ? { cookie } : {}) },
    body,
  })
  const location = res.headers.get('location')
  const code = res.status === 303 && location ? /\/orders\/([A-Za-z0-9_-]+)/.exec(location)?.[1] : undefined
  const text = code ? '' : await res.text()
  return { status: res.status, code, text }
}

/** Fills in the buyer and presses pay; returns where the server sends the browser (the Checkout URL). */
export async function pay(baseUrl: string, code: string, buyer = { name: 'Test Buyer', email: 'buyer@example.org' }, intent: 'pay' | 'confirm' = 'pay', lang = '') {
  const res = await fetch(`${baseUrl}${lang}/orders/${code}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent, ...buyer }),
  })
  return { status: res.status, location: res.headers.get('location'), text: res.status === 303 ? '' : await res.text() }
}

/** The 6-digit code emailed for one order (read from the outbox, as the buyer reads their mail); null if none was sent. */
export function emailedCode(databasePath: string, orderCode: string): string | null {
  const row = query<{ subject: string }>(databasePath, `select subject from outgoing_emails where template = 'ticketing.email-code' and text like ? order by id desc limit 1`, `%/orders/${orderCode}%`)[0]
  return row ? (/\b(\d{6})\b/.exec(row.subject)?.[1] ?? null) : null
}

/** Types the emailed code on the order page. */
export async function enterCode(baseUrl: string, orderCode: string, code: string, { lang = '', cookie }: { lang?: string; cookie?: string } = {}) {
  const res = await fetch(`${baseUrl}${lang}/orders/${orderCode}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ intent: 'code', code }),
  })
  return { status: res.status, location: res.headers.get('location'), text: res.status === 303 ? '' : await res.text() }
}

/** A free RSVP as a guest does it: details, then the code from the email. */
export async function rsvp(baseUrl: string, databasePath: string, orderCode: string, buyer = { name: 'Test Guest', email: 'guest@example.org' }, lang = '') {
  const named = await pay(baseUrl, orderCode, buyer, 'confirm', lang)
  if (named.status !== 303) return named
  const code = emailedCode(databasePath, orderCode)
  return code ? enterCode(baseUrl, orderCode, code, { lang }) : named
}

export function sessionIdFromCheckoutUrl(url: string) {
  return /\/sandbox\/checkout\/([A-Za-z0-9_]+)/.exec(url)![1]!
}

/** Pays a Checkout Session in the sandbox as the buyer would on the hosted page. */
export async function payInSandbox(baseUrl: string, sessionId: string, card = '4242 4242 4242 4242') {
  return fetch(`${baseUrl}/sandbox/checkout/${sessionId}/pay`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card, method: 'card' }),
  })
}

export async function sandbox(baseUrl: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/sandbox/test${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`)
  return res.json() as Promise<any>
}

export function orderRow(databasePath: string, code: string) {
  const db = openDb(databasePath)
  try {
    return db.prepare('select * from orders where code = ?').get(code) as Record<string, any>
  } finally {
    db.close()
  }
}

export function query<T = Record<string, any>>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = openDb(databasePath)
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

export function exec(databasePath: string, sql: string, ...params: unknown[]) {
  const db = openDb(databasePath)
  try {
    return db.prepare(sql).run(...params)
  } finally {
    db.close()
  }
}

export async function waitUntil<T>(fn: () => T | Promise<T>, { timeoutMs = 15_000, everyMs = 100 } = {}): Promise<NonNullable<T>> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (v) return v as NonNullable<T>
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
