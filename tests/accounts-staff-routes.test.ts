/**
 * The permission table (app/accounts/permissions.ts) walked over every staff route, with every
 * role, GET and POST. The routes are enumerated from app/routes/_staff+ (and the door API) at test
 * time: a route file that is not in ROUTE_PERMISSIONS below fails the first test, so a new page
 * cannot be added without deciding who may open it.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ROLE_PERMISSIONS, type Permission } from '../app/accounts/permissions'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, signInAs } from './support/sign-in'

/** `($lang).staff.events.$id_.edit[.]csv.ts` → `/staff/events/1/edit.csv` (params get dummy values). */
export function urlOfRouteFile(file: string): string {
  const name = path.basename(file).replace(/\.(tsx?|jsx?)$/, '')
  const segments = name.split(/\.(?![^[]*\])/)
  const parts: string[] = []
  for (const raw of segments) {
    let s = raw.replace(/\[(.*?)\]/g, '$1')
    if (s === '($lang)' || s === '_index' || (s.startsWith('_') && !s.startsWith('__'))) continue
    if (s.endsWith('_')) s = s.slice(0, -1)
    if (s.startsWith('(') && s.endsWith(')')) continue
    if (s === '$') s = 'x'
    else if (s.startsWith('$')) s = '1'
    parts.push(s)
  }
  return `/${parts.join('/')}`
}

/** Every route file below a folder, as paths relative to app/routes. */
function routeFiles(dir: string): string[] {
  const root = path.resolve('app/routes')
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.(tsx?|jsx?)$/.test(entry.name) && !/\.test\./.test(entry.name)) out.push(path.relative(root, full))
    }
  }
  if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir))
  return out
}

/**
 * Who may open each staff route: a permission from the table, or 'club' for the frame every club
 * worker enters. `url` is a real address for the route (seeded records), `ok` the statuses a
 * permitted GET may answer.
 */
const ROUTE_PERMISSIONS: Record<string, { permission: Permission | 'club'; url: string }> = {
  '($lang).staff.tsx': { permission: 'club', url: '/staff' },
  '($lang).staff._index.tsx': { permission: 'club', url: '/staff' },
  '($lang).staff.events._index.tsx': { permission: 'programme.edit', url: '/staff/events' },
  '($lang).staff.events.$id.tsx': { permission: 'programme.edit', url: '/staff/events/1' },
  '($lang).staff.events.$slug_.tickets.tsx': { permission: 'programme.edit', url: '/staff/events/opening-night/tickets' },
  '($lang).staff.events.$slug_.orders.tsx': { permission: 'orders.view', url: '/staff/events/opening-night/orders' },
  '($lang).staff.members.tsx': { permission: 'members.view', url: '/staff/members' },
  '($lang).staff.members[.]csv.ts': { permission: 'members.view', url: '/staff/members.csv' },
  '($lang).staff.speakers._index.tsx': { permission: 'programme.edit', url: '/staff/speakers' },
  '($lang).staff.speakers.$id.tsx': { permission: 'programme.edit', url: '/staff/speakers/1' },
  '($lang).staff.venues._index.tsx': { permission: 'programme.edit', url: '/staff/venues' },
  '($lang).staff.venues.$id.tsx': { permission: 'programme.edit', url: '/staff/venues/1' },
  '($lang).staff.people.tsx': { permission: 'people.manage', url: '/staff/people' },
  '($lang).staff.audit.tsx': { permission: 'audit.view', url: '/staff/audit' },
  '($lang).staff.door._index.tsx': { permission: 'door.admit', url: '/staff/door' },
  '($lang).staff.door.$eventId.tsx': { permission: 'door.admit', url: '/staff/door/1' },
}

const files = routeFiles('_staff+')
const ROLES_UNDER_TEST = ['member', 'door', 'staff', 'admin'] as const
type Who = (typeof ROLES_UNDER_TEST)[number]

function allowed(who: Who, permission: Permission | 'club'): boolean {
  const perms = ROLE_PERMISSIONS[who]
  return permission === 'club' ? perms.length > 0 : perms.includes(permission)
}

let app: AppServer
const cookies = {} as Record<Who, string>
beforeAll(async () => {
  app = await startAppServer()
  for (const who of ROLES_UNDER_TEST) cookies[who] = await signInAs(app, who)
})
afterAll(async () => {
  await app?.stop()
})

const req = (url: string, method: 'GET' | 'POST', cookie?: string) =>
  fetch(`${app.url}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    // What a hostile form would ask for: make user 1 admin, rename record 1, raise a capacity, resend.
    body:
      method === 'POST'
        ? new URLSearchParams({ intent: 'grant', userId: '1', role: 'admin', id: '1', name: 'x', capacity: '9999', orderId: '1', typeId: '1' })
        : undefined,
  })

/** What a page for staff could show that someone without the permission must never see. */
function expectNoStaffData(body: string, url: string) {
  expect(body, url).not.toContain(DEMO.admin.email)
  expect(body, url).not.toContain(DEMO.staff.email)
  expect(body, url).not.toContain('People and roles')
  expect(body, url).not.toContain('Audit log')
}

/** Every table's rows but the sessions' (a signed-in GET may touch last-seen): what a refused POST must leave alone. */
function databaseFingerprint(): string {
  const db = new Database(app.databasePath, { readonly: true, fileMustExist: true })
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions') AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[]
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]))
  } finally {
    db.close()
  }
}

describe('the permission table over every staff route', () => {
  test('every staff route file is in the table (a new page must say who may open it)', () => {
    expect(files.length).toBeGreaterThanOrEqual(12)
    const missing = files.map((f) => path.basename(f)).filter((f) => !(f in ROUTE_PERMISSIONS))
    expect(missing).toEqual([])
    expect(urlOfRouteFile('_staff+/($lang).staff.events.$id_.edit[.]csv.ts')).toBe('/staff/events/1/edit.csv')
  })

  test('anonymous: GET and POST are sent to sign in (or refused), never served', async () => {
    for (const { url: base } of Object.values(ROUTE_PERMISSIONS)) {
      for (const url of [base, `/ru${base}`]) {
        const get = await req(url, 'GET')
        expect(get.status, `GET ${url}`).toBe(302)
        expect(get.headers.get('location'), url).toMatch(/^(\/ru)?\/login\?redirectTo=/)
        const post = await req(url, 'POST')
        expect([302, 403, 404, 405], `POST ${url}`).toContain(post.status)
        if (post.status === 302) expect(post.headers.get('location'), url).toMatch(/\/login\?redirectTo=/)
        else expectNoStaffData(await post.text(), url)
      }
    }
  })

  test('each role × each route: refused with no data and no change where the table says no, served where it says yes', async () => {
    const before = databaseFingerprint()
    const refusedPosts: string[] = []
    for (const who of ROLES_UNDER_TEST) {
      for (const [file, { permission, url }] of Object.entries(ROUTE_PERMISSIONS)) {
        const label = `${who} ${file}`
        const get = await req(url, 'GET', cookies[who])
        if (allowed(who, permission)) {
          expect(get.status, `GET ${label}`).toBeLessThan(400)
          if (get.status === 302) expect(get.headers.get('location'), label).not.toMatch(/\/login/)
        } else {
          expect([403, 404], `GET ${label}`).toContain(get.status)
          expectNoStaffData(await get.text(), `GET ${label}`)
          const post = await req(url, 'POST', cookies[who])
          expect([403, 404, 405], `POST ${label}`).toContain(post.status)
          expectNoStaffData(await post.text(), `POST ${label}`)
          refusedPosts.push(label)
        }
      }
    }
    // Members are refused everything; door staff everything but the frame and the door.
    const doorRoutes = Object.values(ROUTE_PERMISSIONS).filter((r) => r.permission === 'door.admit').length
    expect(refusedPosts.filter((l) => l.startsWith('member ')).length).toBe(Object.keys(ROUTE_PERMISSIONS).length)
    expect(refusedPosts.filter((l) => l.startsWith('door ')).length).toBe(Object.keys(ROUTE_PERMISSIONS).length - 2 - doorRoutes)
    expect(databaseFingerprint()).toBe(before)
  })

  test('door staff land on the door, staff on the programme; the tabs follow the role', async () => {
    const door = await req('/staff', 'GET', cookies.door)
    expect(door.status).toBe(302)
    expect(door.headers.get('location')).toBe('/staff/door')
    const staff = await req('/ru/staff', 'GET', cookies.staff)
    expect(staff.headers.get('location')).toBe('/ru/staff/events')
    const staffPage = await (await req('/staff/events', 'GET', cookies.staff)).text()
    expect(staffPage).toContain('href="/staff/speakers"')
    expect(staffPage).not.toContain('href="/staff/people"')
    const adminPage = await (await req('/staff/events', 'GET', cookies.admin)).text()
    expect(adminPage).toContain('href="/staff/people"')
    expect(adminPage).toContain('href="/staff/audit"')
  })

  test('an admin sees people and the audit log; a grant shows up in the log', async () => {
    const admin = cookies.admin
    const member = cookies.member
    const people = await req('/staff/people', 'GET', admin)
    expect(people.status).toBe(200)
    const html = await people.text()
    expect(html).toContain(DEMO.member.email)
    const memberId = new RegExp(`data-person="${DEMO.member.email.replace(/\./g, '\\.')}"[\\s\\S]*?name="userId" value="(\\d+)"`).exec(html)![1]!
    const post = (body: Record<string, string>) =>
      fetch(`${app.url}/staff/people`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      })
    expect((await post({ intent: 'grant', userId: memberId, role: 'door' })).status).toBe(200)
    // A door role opens the frame (sent on to the door) but not the programme.
    expect((await req('/staff', 'GET', member)).status).toBe(302)
    expect((await req('/staff/events', 'GET', member)).status).toBe(404)
    const audit = await (await req('/staff/audit', 'GET', admin)).text()
    expect(audit).toContain(`Person #${memberId}`)
    expect((await post({ intent: 'withdraw', userId: memberId, role: 'door' })).status).toBe(200)
    expect((await req('/staff', 'GET', member)).status).toBe(404)
    expect((await post({ intent: 'grant', userId: 'abc', role: 'emperor' })).status).toBe(400)
  })
})
