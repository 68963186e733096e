/**
 * Accounts over real HTTP against the built server, with mail received over real SMTP: registration,
 * confirmation by link and by code, sign-in by password and by link, reset, sign-out, sessions,
 * email change, export, deletion, rate limits, and the answers that must not reveal an account.
 */
import type { AddressObject, ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, sessionCookieFrom, signIn } from './support/sign-in'
import { startMailbox, type Mailbox } from './support/smtp'

let app: AppServer
let mailbox: Mailbox
beforeAll(async () => {
  mailbox = await startMailbox()
  app = await startAppServer({ SMTP_URL: mailbox.url })
})
afterAll(async () => {
  await app?.stop()
  await mailbox?.close()
})

const form = (fields: Record<string, string>) => new URLSearchParams(fields)
function post(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: form(fields),
  })
}
function get(path: string, cookie?: string) {
  return fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
}
const recipients = (m: ParsedMail) => ([] as AddressObject[]).concat(m.to ?? []).map((a) => a.text.toLowerCase()).join(',')
const mailTo = (address: string, subject: RegExp | string) =>
  mailbox.waitFor((m) => recipients(m).includes(address.toLowerCase()) && (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject ?? '')))
const mailsTo = (address: string) => mailbox.messages.filter((m) => recipients(m).includes(address))
/** The link in a message, as a path on our server (the message names the server's own origin). */
function linkIn(m: ParsedMail) {
  const match = /(http:\/\/127\.0\.0\.1:\d+)(\/[^\s"<]*token=[A-Za-z0-9_-]{43})/.exec(m.text ?? '')
  expect(match, m.text).not.toBeNull()
  expect(match![1]).toBe(app.url)
  return match![2]!
}
const tokenOf = (path: string) => new URL(path, app.url).searchParams.get('token')!
/** Pages differ only by their per-request CSP nonce. */
const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""')
const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')

async function registerAndConfirm(email: string, password = 'correct horse battery', locale = 'en') {
  const res = await post('/register', { name: 'Irina Test', email, password, locale, privacy: 'on', website: '' })
  expect(res.status).toBe(302)
  const mail = await mailTo(email, /Confirm your email|Подтвердите адрес/)
  const path = linkIn(mail)
  const confirmed = await post(path.startsWith('/ru') ? '/ru/verify' : '/verify', { intent: 'link', token: tokenOf(path) })
  expect(confirmed.status).toBe(302)
  return sessionCookieFrom(confirmed)!
}

describe('registration and confirmation', () => {
  test('register → a message in the chosen language (text and HTML) → the link opens a page with a button; only the button confirms', async () => {
    const res = await post('/register', { name: 'Алла Тест', email: 'Alla@Example.org', password: 'correct horse battery', locale: 'ru', privacy: 'on', newsletter: 'on', website: '' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/verify?sent=1&email=alla%40example.org')
    const mail = await mailTo('alla@example.org', 'Подтвердите адрес почты')
    expect(mail.text).toContain('Добро пожаловать, Алла Тест')
    expect(mail.html).toContain('<html lang="ru">')
    expect(mail.headers.get('content-language')).toBe('ru')
    const path = linkIn(mail)
    expect(path.startsWith('/ru/verify?token=')).toBe(true)
    expect(mail.text).toMatch(/\b\d{6}\b/)

    // A mail scanner opens the link (twice): nothing is spent.
    for (let i = 0; i < 2; i++) {
      const page = await get(path)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('Подтвердить адрес')
      expect(html).toContain('alla@example.org')
      expect(sessionCookieFrom(page)).toBeNull()
    }
    const confirm = await post('/ru/verify', { intent: 'link', token: tokenOf(path) })
    expect(confirm.status).toBe(302)
    expect(confirm.headers.get('location')).toBe('/ru/account?notice=confirmed')
    const cookie = sessionCookieFrom(confirm)!
    const account = await get('/ru/account?notice=confirmed', cookie)
    expect(account.status).toBe(200)
    expect(await account.text()).toContain('Адрес почты подтверждён')

    // Reused and tampered links say so plainly, and change nothing.
    const again = await post('/ru/verify', { intent: 'link', token: tokenOf(path) })
    expect(again.status).toBe(400)
    expect(decode(await again.text())).toContain('Этой ссылкой уже воспользовались')
    expect(sessionCookieFrom(again)).toBeNull()
    const tampered = tokenOf(path).slice(0, -2) + 'xx'
    const bad = await post('/verify', { intent: 'link', token: tampered })
    expect(bad.status).toBe(400)
    expect(decode(await bad.text())).toContain('This link is not valid')
    const badPage = await get(`/verify?token=${tampered}`)
    expect(badPage.status).toBe(400)
    const usedPage = await get(path)
    expect(decode(await usedPage.text())).toContain('уже воспользовались')
  })

  test('the six-digit code typed on the site confirms too; a wrong one says so beside the field', async () => {
    await post('/register', { name: 'Code Person', email: 'code@example.org', password: 'correct horse battery', locale: 'en', privacy: 'on' })
    const mail = await mailTo('code@example.org', 'Confirm your email address')
    const code = /type this code on the site: (\d{6})/.exec(mail.text!)![1]!
    const wrong = await post('/verify?sent=1&email=code%40example.org', { intent: 'code', email: 'code@example.org', code: code === '123456' ? '654321' : '123456' })
    expect(wrong.status).toBe(400)
    expect(decode(await wrong.text())).toContain('That code is not right')
    const malformed = await post('/verify', { intent: 'code', email: 'code@example.org', code: '12ab' })
    expect(malformed.status).toBe(400)
    expect(decode(await malformed.text())).toContain('The code is six digits.')
    const right = await post('/verify?sent=1&email=code%40example.org', { intent: 'code', email: 'code@example.org', code })
    expect(right.status).toBe(302)
    expect(sessionCookieFrom(right)).not.toBeNull()
  })

  test('registering an address that already has an account answers exactly the same, and mails the owner instead', async () => {
    const known = await post('/register', { name: 'Someone', email: DEMO.member.email, password: 'another password', locale: 'en', privacy: 'on' })
    const fresh = await post('/register', { name: 'Someone', email: 'fresh@example.org', password: 'another password', locale: 'en', privacy: 'on' })
    expect(known.status).toBe(fresh.status)
    expect(known.headers.get('location')).toBe(`/verify?sent=1&email=${encodeURIComponent(DEMO.member.email)}`)
    expect(fresh.headers.get('location')).toBe('/verify?sent=1&email=fresh%40example.org')
    const notice = await mailTo(DEMO.member.email, 'You already have an account')
    expect(notice.text).toContain('Nothing was changed')
    // The owner's password still works.
    await signIn(app, DEMO.member.email, DEMO.member.password)
  })

  test('every mistake is shown beside its field, what was typed stays (never the password)', async () => {
    const res = await post('/register', { name: 'Kept Name', email: 'not-an-email', password: 'short', locale: 'xx', website: '' })
    expect(res.status).toBe(400)
    const html = decode(await res.text())
    expect(html).toContain('Please enter an email address')
    expect(html).toContain('The password needs at least 10 characters.')
    expect(html).toContain('please accept the privacy notice')
    expect(html).toContain('Please choose English or Russian.')
    expect(html).toContain('value="Kept Name"')
    expect(html).toContain('value="not-an-email"')
    expect(html).not.toContain('value="short"')
    expect(html).toMatch(/aria-invalid="true"/)
    const ru = decode(await (await post('/ru/register', { name: '', email: '', password: '' })).text())
    expect(ru).toContain('Заполните это поле.')
  })

  test('a filled honeypot gets the same answer and nothing happens', async () => {
    const res = await post('/register', { name: 'Bot', email: 'bot@example.org', password: 'correct horse battery', locale: 'en', privacy: 'on', website: 'http://spam.example' })
    expect(res.status).toBe(302)
    await new Promise((r) => setTimeout(r, 500))
    expect(mailsTo('bot@example.org')).toHaveLength(0)
    const page = await (await get('/register')).text()
    expect(page).toMatch(/<div aria-hidden="true" class="[^"]*"><label for="website">/)
    expect(page).toMatch(/name="website" type="text" tabindex="-1"/)
  })
})

describe('sign-in, cookies and sign-out', () => {
  test('the session cookie is signed, HttpOnly, SameSite and not Secure on localhost; a new id at every sign-in', async () => {
    const res = await post('/login', { intent: 'password', email: DEMO.member.email, password: DEMO.member.password })
    expect(res.status).toBe(302)
    const header = res.headers.getSetCookie().find((c) => c.startsWith('club_session='))!
    expect(header).toMatch(/HttpOnly/i)
    expect(header).toMatch(/SameSite=Lax/i)
    expect(header).toMatch(/Path=\//)
    expect(header).not.toMatch(/Secure/i)
    const first = sessionCookieFrom(res)!
    // Signing in again from the same browser rotates the id; the old one is worthless.
    const again = await post('/login', { intent: 'password', email: DEMO.member.email, password: DEMO.member.password }, first)
    const second = sessionCookieFrom(again)!
    expect(second).not.toBe(first)
    expect((await get('/account', first)).status).toBe(302)
    expect((await get('/account', second)).status).toBe(200)
    // A forged cookie (unsigned or re-signed) is nobody.
    expect((await get('/account', `club_session=${encodeURIComponent(second.split('=')[1]!.slice(0, -3))}`)).status).toBe(302)
  })

  test('sign-out is a POST that ends the session on the server', async () => {
    const cookie = await signIn(app, DEMO.member.email, DEMO.member.password)
    const out = await post('/logout', {}, cookie)
    expect(out.status).toBe(302)
    expect(out.headers.get('location')).toBe('/login?notice=signedOut')
    // Even if the browser kept the old cookie, it opens nothing.
    expect((await get('/account', cookie)).status).toBe(302)
  })

  test('after sign-in we go back only to our own paths', async () => {
    for (const [redirectTo, expected] of [
      ['/account/settings', '/account/settings'],
      ['https://evil.example/x', '/account'],
      ['//evil.example/x', '/account'],
      ['/\\evil.example', '/account'],
      ['javascript:alert(1)', '/account'],
    ] as const) {
      const res = await post('/login', { intent: 'password', email: DEMO.staff.email, password: DEMO.staff.password, redirectTo })
      expect(res.headers.get('location'), redirectTo).toBe(expected)
    }
    const anonymous = await get('/account/settings')
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Faccount%2Fsettings')
  })

  test('a wrong password: a message, the email kept, no cookie; unknown addresses get the same words', async () => {
    const wrong = await post('/login', { intent: 'password', email: DEMO.admin.email, password: 'not the password' })
    const unknown = await post('/login', { intent: 'password', email: 'nobody@example.org', password: 'not the password' })
    expect(wrong.status).toBe(400)
    expect(unknown.status).toBe(400)
    const a = decode(await wrong.text())
    const b = decode(await unknown.text())
    expect(a).toContain('That email and password do not match an account.')
    expect(b).toContain('That email and password do not match an account.')
    expect(a).toContain(`value="${DEMO.admin.email}"`)
    expect(a).not.toContain('value="not the password"')
    expect(sessionCookieFrom(wrong)).toBeNull()
  })
})

describe('sign-in link and password reset', () => {
  test('a sign-in link: same answer for every address; the link opens a button; single use', async () => {
    const email = 'linker@example.org'
    await registerAndConfirm(email)
    const known = await post('/login', { intent: 'link', email })
    const unknown = await post('/login', { intent: 'link', email: 'unknown-linker@example.org' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const strip = (s: string) => withoutNonce(decode(s)).replace(/linker@example\.org|unknown-linker@example\.org/g, 'X')
    expect(strip(await known.text())).toBe(strip(await unknown.text()))
    const mail = await mailTo(email, 'Your sign-in link')
    const path = linkIn(mail)
    expect((await get(path)).status).toBe(200)
    const use = await post('/verify', { intent: 'link', token: tokenOf(path) })
    expect(use.status).toBe(302)
    expect((await get('/account', sessionCookieFrom(use)!)).status).toBe(200)
    const reuse = await post('/verify', { intent: 'link', token: tokenOf(path) })
    expect(reuse.status).toBe(400)
    expect(sessionCookieFrom(reuse)).toBeNull()
  })

  test('reset: same answer for every address; the link sets a new password and signs out every other device', async () => {
    const email = 'resetter@example.org'
    const oldSession = await registerAndConfirm(email, 'the old password')
    const known = await post('/forgot-password', { email })
    const unknown = await post('/forgot-password', { email: 'nobody-here@example.org' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const strip = (s: string) => withoutNonce(decode(s)).replace(/resetter@example\.org|nobody-here@example\.org/g, 'X')
    expect(strip(await known.text())).toBe(strip(await unknown.text()))
    const mail = await mailTo(email, 'Reset your password')
    const path = linkIn(mail)
    expect(path.startsWith('/reset-password?token=')).toBe(true)
    const page = await get(path)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Choose a new password')
    const tooShort = await post('/reset-password', { token: tokenOf(path), password: 'short' })
    expect(tooShort.status).toBe(400)
    const done = await post('/reset-password', { token: tokenOf(path), password: 'the new password' })
    expect(done.status).toBe(302)
    expect((await get('/account', oldSession)).status).toBe(302)
    await expect(signIn(app, email, 'the old password')).rejects.toThrow()
    await signIn(app, email, 'the new password')
    const reuse = await post('/reset-password', { token: tokenOf(path), password: 'a third password' })
    expect(reuse.status).toBe(400)
    expect(decode(await reuse.text())).toContain('This link was already used, or a newer message replaced it. Nothing was changed.')
    await expect(signIn(app, email, 'a third password')).rejects.toThrow()
    await mailTo(email, 'Your password was changed')
  })
})

describe('rate limits', () => {
  test('sign-in: after 8 failures for one account, 429 with a retry time in the reader’s language, even with the right password', async () => {
    const email = 'limited@example.org'
    await registerAndConfirm(email, 'the right password')
    for (let i = 0; i < 8; i++) expect((await post('/login', { intent: 'password', email, password: `wrong ${i}` })).status).toBe(400)
    const blocked = await post('/ru/login', { intent: 'password', email, password: 'the right password' })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60)
    expect(decode(await blocked.text())).toMatch(/Слишком много попыток\. Подождите 1[45] минут/)
    expect(sessionCookieFrom(blocked)).toBeNull()
    const en = await post('/login', { intent: 'password', email, password: 'the right password' })
    expect(decode(await en.text())).toMatch(/Too many attempts\. Please wait 1[45] minutes/)
  })

  test('reset and sign-in-link requests: 4 an hour per address, then 429 (which says nothing about the account)', async () => {
    const email = 'nobody-at-all@example.org'
    for (let i = 0; i < 4; i++) expect((await post('/forgot-password', { email })).status).toBe(200)
    const blocked = await post('/forgot-password', { email })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBeTruthy()
  })

  test('registration of one address: 4 an hour, then 429', async () => {
    const email = 'again-and-again@example.org'
    for (let i = 0; i < 4; i++) expect((await post('/register', { name: 'A', email, password: 'correct horse battery', locale: 'en', privacy: 'on' })).status).toBe(302)
    const blocked = await post('/register', { name: 'A', email, password: 'correct horse battery', locale: 'en', privacy: 'on' })
    expect(blocked.status).toBe(429)
    expect(decode(await blocked.text())).toContain('value="again-and-again@example.org"')
  })

  test('code entry: 10 tries per address in 15 minutes, then 429', async () => {
    const email = 'guesser@example.org'
    for (let i = 0; i < 10; i++) expect((await post('/verify', { intent: 'code', email, code: String(100000 + i) })).status).toBe(400)
    expect((await post('/verify', { intent: 'code', email, code: '999999' })).status).toBe(429)
  })
})

describe('the account', () => {
  test('sessions are listed and another device can be signed out', async () => {
    const email = 'devices@example.org'
    const a = await registerAndConfirm(email, 'device password')
    const b = await signIn(app, email, 'device password')
    const page = await (await get('/account/sessions', a)).text()
    expect(page.match(/data-session="/g)).toHaveLength(2)
    expect(page).toContain('data-session="current"')
    expect(page).not.toContain(decodeURIComponent(a.split('=')[1]!).split('.')[0]!)
    const handle = /name="session" value="([^"]+)"/.exec(page)![1]!
    const res = await post('/account/sessions', { session: handle }, a)
    expect(res.status).toBe(200)
    expect((await get('/account', b)).status).toBe(302)
    expect((await get('/account', a)).status).toBe(200)
    // The handle of someone else's session does nothing.
    const s1 = await signIn(app, DEMO.staff.email, DEMO.staff.password)
    const s2 = await signIn(app, DEMO.staff.email, DEMO.staff.password)
    const staffPage = await (await get('/account/sessions', s1)).text()
    for (const [, h] of staffPage.matchAll(/name="session" value="([^"]+)"/g)) await post('/account/sessions', { session: h! }, a)
    expect((await get('/account', s2)).status).toBe(200)
  })

  test('change of email: confirmed at the new address; the old one is told', async () => {
    const email = 'mover@example.org'
    const cookie = await registerAndConfirm(email, 'mover password')
    const wrong = await post('/account/settings', { intent: 'email', newEmail: 'moved@example.org', currentPassword: 'not mine' }, cookie)
    expect(wrong.status).toBe(400)
    expect(decode(await wrong.text())).toContain('That is not your current password.')
    const res = await post('/account/settings', { intent: 'email', newEmail: 'Moved@Example.org', currentPassword: 'mover password' }, cookie)
    expect(res.status).toBe(200)
    await mailTo(email, 'Your email address is about to change')
    const mail = await mailTo('moved@example.org', 'Confirm your new email address')
    const path = linkIn(mail)
    // Nothing changes until the button is pressed.
    await signIn(app, email, 'mover password')
    const done = await post('/verify', { intent: 'link', token: tokenOf(path) })
    expect(done.status).toBe(302)
    await signIn(app, 'moved@example.org', 'mover password')
    await expect(signIn(app, email, 'mover password')).rejects.toThrow()
  })

  test('change of password: the current one is required; other devices are signed out', async () => {
    const email = 'changer@example.org'
    const a = await registerAndConfirm(email, 'first password')
    const b = await signIn(app, email, 'first password')
    const wrong = await post('/account/settings', { intent: 'password', currentPassword: 'nope', newPassword: 'second password' }, a)
    expect(wrong.status).toBe(400)
    const ok = await post('/account/settings', { intent: 'password', currentPassword: 'first password', newPassword: 'second password' }, a)
    expect(ok.status).toBe(200)
    expect((await get('/account', a)).status).toBe(200)
    expect((await get('/account', b)).status).toBe(302)
    await signIn(app, email, 'second password')
  })

  test('preferences: name, language and newsletter are saved', async () => {
    const cookie = await registerAndConfirm('prefs@example.org')
    const bad = await post('/account/settings', { intent: 'profile', name: '', locale: 'ru' }, cookie)
    expect(bad.status).toBe(400)
    const res = await post('/account/settings', { intent: 'profile', name: 'Новое Имя', locale: 'ru', newsletter: 'on' }, cookie)
    expect(res.status).toBe(200)
    const page = await (await get('/ru/account', cookie)).text()
    expect(page).toContain('Новое Имя')
    expect(page).toContain('Вы получаете программу клуба по почте.')
  })

  test('download everything as JSON, then delete the account', async () => {
    const email = 'leaver@example.org'
    const cookie = await registerAndConfirm(email, 'leaver password')
    const res = await get('/account/export', cookie)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="open-russia-club-my-data-\d{4}-\d\d-\d\d\.json"/)
    const data = (await res.json()) as { profile: { email: string; name: string }; sessions: unknown[]; verifications: { purpose: string }[] }
    expect(data.profile).toMatchObject({ email, name: 'Irina Test' })
    expect(data.sessions.length).toBeGreaterThan(0)
    expect(data.verifications[0]!.purpose).toBe('confirm_email')
    expect((await get('/account/export')).status).toBe(302)

    const mismatch = await post('/account/privacy', { confirmEmail: 'someone@else.org' }, cookie)
    expect(mismatch.status).toBe(400)
    expect(decode(await mismatch.text())).toContain('value="someone@else.org"')
    const deleted = await post('/account/privacy', { confirmEmail: email }, cookie)
    expect(deleted.status).toBe(302)
    expect(deleted.headers.get('location')).toBe('/login?notice=deleted')
    expect((await get('/account', cookie)).status).toBe(302)
    await expect(signIn(app, email, 'leaver password')).rejects.toThrow()
  })
})

describe('bad input is never a 500', () => {
  test('odd bodies and queries to every accounts route, anonymous and signed in', async () => {
    const cookie = await signIn(app, DEMO.admin.email, DEMO.admin.password)
    const paths = ['/login', '/register', '/verify', '/forgot-password', '/reset-password', '/account/settings', '/account/sessions', '/account/privacy', '/staff/people', '/staff/audit', '/logout']
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', ''],
      ['application/x-www-form-urlencoded', 'intent=nonsense&email=%00%01&password=' + 'x'.repeat(5000)],
      ['application/x-www-form-urlencoded', 'intent=code&email=a@b.org&code=' + '9'.repeat(300)],
      ['application/x-www-form-urlencoded', 'intent=link&token=' + 'A'.repeat(43)],
      ['application/x-www-form-urlencoded', 'intent=profile&name=' + 'я'.repeat(500) + '&locale=de'],
      ['application/x-www-form-urlencoded', 'intent=grant&userId=-1&role=staff&session=nope&confirmEmail='],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nbroken'],
      ['application/json', '{"email":"a@b.org"}'],
    ]
    for (const path of paths) {
      for (const who of [undefined, cookie]) {
        for (const [type, body] of bodies) {
          // The honest session stays usable throughout: sign-out is the only path that ends it.
          if (path === '/logout' && who) continue
          const res = await fetch(`${app.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': type, ...(who ? { cookie: who } : {}) }, body })
          expect(res.status, `${path} ${body.slice(0, 40)}`).toBeLessThan(500)
        }
      }
    }
    for (const q of ['/verify?token=%00', `/verify?token=${'x'.repeat(5000)}`, '/reset-password?token=', '/reset-password', '/verify?sent=1&email=%3Cscript%3E', '/staff/audit?before=-5', '/staff/people?q=%25_%5C']) {
      const res = await get(q, cookie)
      expect(res.status, q).toBeLessThan(500)
      expect(await res.text()).not.toContain('<script>')
    }
  })
})

// Last in this file: it blocks password sign-in from this test's address for 15 minutes.
describe('rate limits per address', () => {
  test('50 failed sign-ins from one address, spread over many accounts, then 429 for every account', async () => {
    let first429 = -1
    for (let i = 0; i < 55 && first429 < 0; i++) {
      const res = await post('/login', { intent: 'password', email: `spray-${i}@example.org`, password: 'guess' })
      if (res.status === 429) first429 = i
    }
    // Earlier tests in this file failed a few sign-ins from this address too.
    expect(first429).toBeGreaterThan(30)
    expect(first429).toBeLessThanOrEqual(50)
    const res = await post('/login', { intent: 'password', email: DEMO.member.email, password: DEMO.member.password })
    expect(res.status).toBe(429)
    expect(sessionCookieFrom(res)).toBeNull()
  })
})
