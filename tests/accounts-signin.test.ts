import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, signIn, signInAs } from './support/sign-in'

let app: AppServer
beforeAll(async () => {
  app = await startAppServer()
})
afterAll(async () => {
  await app?.stop()
})

describe('sign-in helper and demo accounts', () => {
  test('each demo account signs in; the session cookie is HttpOnly, SameSite and opens /account', async () => {
    for (const role of ['admin', 'staff', 'member'] as const) {
      const cookie = await signInAs(app, role)
      const res = await fetch(`${app.url}/account`, { headers: { cookie }, redirect: 'manual' })
      expect(res.status, role).toBe(200)
      expect(await res.text()).toContain(DEMO[role].name)
    }
  })

  test('the demo accounts are printed on the console and shown on the sign-in page', async () => {
    expect(app.output()).toContain(DEMO.admin.email)
    const html = await (await fetch(`${app.url}/login`)).text()
    for (const role of ['admin', 'staff', 'member'] as const) {
      expect(html).toContain(DEMO[role].email)
      expect(html).toContain(DEMO[role].password)
    }
  })

  test('a wrong password is refused with a message and no cookie', async () => {
    await expect(signIn(app, DEMO.member.email, 'wrong password!')).rejects.toThrow(/HTTP 400/)
  })
})
