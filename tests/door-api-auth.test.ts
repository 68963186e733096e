/**
 * Every door API route (enumerated from app/routes/_api+/api.door.*, so a new one is covered by
 * itself), asked by nobody, by a member, and by someone signed in whose session was revoked: 401
 * or 404, JSON, no names, no counts, and not one row changed. Door, staff and admin are served.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { eventTonight, nonce } from './support/door'
import { signInAs } from './support/sign-in'

const routes = fs
  .readdirSync(path.resolve('app/routes/_api+'))
  .filter((f) => f.startsWith('api.door.'))
  .map((f) => {
    const source = fs.readFileSync(path.resolve('app/routes/_api+', f), 'utf8')
    const suffix = f.replace(/^api\.door\.events\.\$eventId\./, '').replace(/\.tsx?$/, '')
    return { file: f, suffix, method: /export (async )?function action/.test(source) ? ('POST' as const) : ('GET' as const) }
  })

let app: AppServer
let event: Awaited<ReturnType<typeof eventTonight>>
const cookies: Record<string, string> = {}

beforeAll(async () => {
  app = await startAppServer()
  for (const who of ['member', 'door', 'staff', 'admin'] as const) cookies[who] = await signInAs(app, who)
  cookies.revoked = await signInAs(app, 'door')
  const db = new Database(app.databasePath)
  db.prepare('delete from sessions where id = (select id from sessions order by created_at desc limit 1)').run()
  db.close()
  event = await eventTonight(app, [{ name: 'Анна Иванова', email: 'anna@example.org', quantity: 2 }])
}, 120_000)
afterAll(async () => {
  await app?.stop()
})

function fingerprint(): string {
  const db = new Database(app.databasePath, { readonly: true })
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not in ('sessions') and name not like 'sqlite_%' order by name`).all() as { name: string }[]
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by rowid`).all()]))
  } finally {
    db.close()
  }
}

/** A body each POST route would act on if it were allowed: a real ticket, a real type. */
function bodyFor(suffix: string) {
  const t = event.tickets[0]!
  if (suffix === 'redeem') return { code: t.code, nonce: nonce() }
  if (suffix === 'undo') return { ticketId: t.id, nonce: nonce() }
  if (suffix === 'walk-in') return { ticketTypeId: event.typeIds[0], quantity: 1, payment: 'cash', amountPence: 0, nonce: nonce() }
  return {}
}

const call = (suffix: string, method: 'GET' | 'POST', cookie?: string, query = '') =>
  fetch(`${app.url}/api/door/events/${event.eventId}/${suffix}${query}`, {
    method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/json', origin: app.url } : {}) },
    body: method === 'POST' ? JSON.stringify(bodyFor(suffix)) : undefined,
  })

describe('the door API refuses everyone without door.admit', () => {
  test('the routes are found', () => {
    expect(routes.map((r) => r.suffix).sort()).toEqual(expect.arrayContaining(['counts', 'redeem', 'search', 'snapshot', 'stream', 'undo', 'walk-in']))
  })

  test('nobody, a revoked session, and a member: 401 / 404 JSON, nothing learned, nothing changed', async () => {
    const before = fingerprint()
    for (const { suffix, method } of routes) {
      for (const [who, cookie, expected] of [
        ['nobody', undefined, 401],
        ['revoked', cookies.revoked, 401],
        ['member', cookies.member, 404],
      ] as const) {
        for (const q of ['', '?q=Ivanova', '?lang=ru&q=anna']) {
          const res = await call(suffix, method, cookie, q)
          const label = `${who} ${method} ${suffix}${q}`
          expect(res.status, label).toBe(expected)
          expect(res.headers.get('content-type'), label).toMatch(/^application\/json/)
          expect(res.headers.get('set-cookie'), label).toBeNull()
          const text = await res.text()
          expect(text, label).not.toMatch(/Иванова|anna@|admitted|expected|publicKey|ticket/)
          expect(JSON.parse(text).status, label).toBe('error')
        }
      }
    }
    // An unknown event id answers the same as a real one: nothing to learn by guessing.
    const guessed = await fetch(`${app.url}/api/door/events/999999/counts`, { headers: { cookie: cookies.member! } })
    expect(guessed.status).toBe(404)
    expect(fingerprint()).toBe(before)
  })

  test('door, staff and admin are served', async () => {
    for (const who of ['door', 'staff', 'admin']) {
      for (const suffix of ['counts', 'snapshot']) {
        const res = await call(suffix, 'GET', cookies[who])
        expect(res.status, `${who} ${suffix}`).toBe(200)
      }
      const search = await call('search', 'GET', cookies[who], '?q=Ivanova')
      expect((await search.json()).results).toHaveLength(2)
    }
  })
})
