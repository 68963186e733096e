/**
 * Every staff page and action checks the role on the server. The routes are enumerated from
 * app/routes at test time, so a staff route added later is covered without touching this file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, signInAs } from './support/sign-in'

/** `($lang).staff.events.$id_.edit[.]csv.ts` → `/staff/events/1/edit.csv` (params get dummy values). */
export function urlOfRouteFile(file: string): string {
  const name = file.replace(/\.(tsx?|jsx?)$/, '')
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

const ROUTES_DIR = path.resolve('app/routes')
const staffFiles = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => /(^|\.)staff(\.|$)/.test(f.replace(/\.(tsx?|jsx?)$/, '')) && !/\.test\./.test(f))
const urls = [...new Set(staffFiles.map(urlOfRouteFile))].sort()

let app: AppServer
let member: string
let staff: string
let admin: string
beforeAll(async () => {
  app = await startAppServer()
  member = await signInAs(app, 'member')
  staff = await signInAs(app, 'staff')
  admin = await signInAs(app, 'admin')
})
afterAll(async () => {
  await app?.stop()
})

const req = (url: string, method: 'GET' | 'POST', cookie?: string) =>
  fetch(`${app.url}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: method === 'POST' ? new URLSearchParams({ intent: 'grant', userId: '1', role: 'admin', id: '1', name: 'x' }) : undefined,
  })

/** What a page for staff could show that a member must never see. */
function expectNoStaffData(body: string, url: string) {
  expect(body, url).not.toContain(DEMO.admin.email)
  expect(body, url).not.toContain(DEMO.staff.email)
  expect(body, url).not.toContain('People and roles')
  expect(body, url).not.toContain('Audit log')
}

describe('role checks over every staff route', () => {
  test('the staff routes are found (the frame, people and audit at least)', () => {
    expect(urls).toEqual(expect.arrayContaining(['/staff', '/staff/people', '/staff/audit']))
    expect(urlOfRouteFile('($lang).staff.events.$id_.edit[.]csv.ts')).toBe('/staff/events/1/edit.csv')
    expect(urlOfRouteFile('($lang).staff.events._index.tsx')).toBe('/staff/events')
  })

  test('anonymous: GET and POST are sent to sign in (or refused), never served', async () => {
    for (const base of urls) {
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

  test('a member: 404 (or 403/405) with no data, for GET and POST, and nothing changes', async () => {
    for (const url of urls) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await req(url, method, member)
        expect([403, 404, 405], `${method} ${url}`).toContain(res.status)
        expectNoStaffData(await res.text(), `${method} ${url}`)
      }
    }
    // The POST to /staff/people asked to make user 1 admin; the member is still not staff.
    expect((await req('/staff/people', 'GET', member)).status).toBe(404)
  })

  test('door staff: the admin pages (people, roles, audit) are 404 too', async () => {
    for (const url of ['/staff/people', '/staff/audit']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await req(url, method, staff)
        expect(res.status, `${method} ${url}`).toBe(404)
        expectNoStaffData(await res.text(), url)
      }
    }
    expect((await req('/staff', 'GET', staff)).status).toBeLessThan(400)
  })

  test('an admin sees people and the audit log; a grant shows up in the log', async () => {
    const people = await req('/staff/people', 'GET', admin)
    expect(people.status).toBe(200)
    const html = await people.text()
    expect(html).toContain(DEMO.member.email)
    const memberId = new RegExp(`data-person="${DEMO.member.email.replace(/\./g, '\\.')}"[\\s\\S]*?name="userId" value="(\\d+)"`).exec(html)![1]!
    const grant = await fetch(`${app.url}/staff/people`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'grant', userId: memberId, role: 'staff' }),
    })
    expect(grant.status).toBe(200)
    expect((await req('/staff', 'GET', member)).status).toBeLessThan(400)
    const audit = await (await req('/staff/audit', 'GET', admin)).text()
    expect(audit).toContain('role.granted')
    expect(audit).toContain(`user #${memberId}`)
    const withdraw = await fetch(`${app.url}/staff/people`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'withdraw', userId: memberId, role: 'staff' }),
    })
    expect(withdraw.status).toBe(200)
    expect((await req('/staff', 'GET', member)).status).toBe(404)
    const bad = await fetch(`${app.url}/staff/people`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'grant', userId: 'abc', role: 'emperor' }),
    })
    expect(bad.status).toBe(400)
  })
})
