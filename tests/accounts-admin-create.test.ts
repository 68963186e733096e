/**
 * A real deployment (not demo mode) has no demo accounts; its first admin comes from
 * `npm run admin:create`, with a one-time sign-in link or a password read from stdin.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, sessionCookieFrom, signIn } from './support/sign-in'

let app: AppServer
beforeAll(async () => {
  // A Stripe key means "not a demo": no sandbox, no demo seed, no demo accounts.
  app = await startAppServer({ STRIPE_SECRET_KEY: 'sk_test_not_a_real_key', STRIPE_WEBHOOK_SECRET: 'whsec_test_not_real' })
})
afterAll(async () => {
  await app?.stop()
})

function adminCreate(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
    env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: app.databasePath, DATA_DIR: app.dataDir, STRIPE_SECRET_KEY: 'sk_test_not_a_real_key', STRIPE_WEBHOOK_SECRET: 'whsec_test_not_real', LOG_LEVEL: 'silent' },
    input: input ?? '',
    encoding: 'utf8',
  })
  return { code: result.status, out: result.stdout + result.stderr }
}

test('no demo accounts outside demo mode: not on the console, not on the sign-in page, not in the database', async () => {
  expect(app.output()).not.toContain('Demo sign-in details')
  const html = await (await fetch(`${app.url}/login`)).text()
  expect(html).not.toContain('data-demo-account')
  expect(html).not.toContain(DEMO.admin.email)
  await expect(signIn(app, DEMO.admin.email, DEMO.admin.password)).rejects.toThrow()
})

test('admin:create prints a one-time sign-in link that makes its holder an admin', async () => {
  const { code, out } = adminCreate(['--email', 'First.Admin@Example.org', '--name', 'First Admin'])
  expect(code, out).toBe(0)
  const path = /http:\/\/localhost:\d+(\/verify\?token=[A-Za-z0-9_-]{43})/.exec(out)![1]!
  const token = new URL(path, app.url).searchParams.get('token')!
  const page = await fetch(`${app.url}${path}`)
  expect(await page.text()).toContain('first.admin@example.org')
  const res = await fetch(`${app.url}/verify`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'link', token }),
  })
  expect(res.status).toBe(302)
  const cookie = sessionCookieFrom(res)!
  const people = await fetch(`${app.url}/staff/people`, { headers: { cookie } })
  expect(people.status).toBe(200)
  const audit = await (await fetch(`${app.url}/staff/audit`, { headers: { cookie } })).text()
  expect(audit).toContain('role.granted')
  // Single use.
  const again = await fetch(`${app.url}/verify`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'link', token }),
  })
  expect(again.status).toBe(400)
})

test('admin:create with --password-stdin sets a password; bad input is refused plainly', async () => {
  const ok = adminCreate(['--email', 'second@example.org', '--name', 'Second Admin', '--password-stdin'], 'a long admin password\n')
  expect(ok.code, ok.out).toBe(0)
  expect(ok.out).not.toContain('token=')
  const cookie = await signIn(app, 'second@example.org', 'a long admin password')
  expect((await fetch(`${app.url}/staff/audit`, { headers: { cookie } })).status).toBe(200)
  const bad = adminCreate(['--email', 'not-an-email', '--name', 'X'])
  expect(bad.code).toBe(1)
  expect(bad.out).toContain('is not an email address')
  const short = adminCreate(['--email', 'third@example.org', '--name', 'X', '--password-stdin'], 'short')
  expect(short.code).toBe(1)
  expect(short.out).toContain('The password needs 10 to 200 characters.')
})
