/**
 * Issue #9, the accounts part, over real HTTP against the built server with real SMTP and the Stripe
 * sandbox: sign-in limits that cannot be raced and cannot lock an owner out from elsewhere, a code
 * page that tells one true story and sends a new code, guest orders that follow a confirmed address,
 * and searches (calendar, people) that find nothing for gibberish and meet across alphabets.
 *
 * Client addresses: server.ts trusts one proxy hop on loopback (`trust proxy: 'loopback'`), so from
 * this test (on 127.0.0.1) X-Forwarded-For names the client, exactly as the reverse proxy in front of
 * a deployment does. A request without it is the client 127.0.0.1.
 */
import type { AddressObject, ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { DEMO, sessionCookieFrom, signInAs } from './support/sign-in'
import { startMailbox, type Mailbox } from './support/smtp'
import { book, createTestEvent, orderRow, pay, payInSandbox, query, sessionIdFromCheckoutUrl, waitUntil } from './support/ticketing'

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

function post(path: string, fields: Record<string, string>, { client, cookie }: { client?: string; cookie?: string } = {}) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(client ? { 'x-forwarded-for': client } : {}),
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  })
}
async function get(path: string, cookie?: string) {
  const res = await fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { status: res.status, text: decode(await res.text()) }
}
const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
const recipients = (m: ParsedMail) => ([] as AddressObject[]).concat(m.to ?? []).map((a) => a.text.toLowerCase()).join(',')
const mailsTo = (address: string) => mailbox.messages.filter((m) => recipients(m).includes(address))
/** The n-th message (1-based) to an address, once it has arrived. */
async function nthMailTo(address: string, n: number) {
  await mailbox.waitFor(() => mailsTo(address).length >= n)
  return mailsTo(address)[n - 1]!
}
const codeIn = (m: ParsedMail) => /type this code on the site: (\d{6})/.exec(m.text ?? '')![1]!
const linkIn = (m: ParsedMail) => /http:\/\/127\.0\.0\.1:\d+(\/(?:ru\/)?verify\?token=[A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!
const tokenOf = (path: string) => new URL(path, app.url).searchParams.get('token')!

async function register(email: string, password = 'the right password') {
  const res = await post('/register', { name: 'Hardening Test', email, password, locale: 'en', privacy: 'on', website: '' })
  expect(res.status).toBe(302)
}
async function registerAndConfirm(email: string, password = 'the right password') {
  const before = mailsTo(email).length
  await register(email, password)
  const confirmed = await post('/verify', { intent: 'link', token: tokenOf(linkIn(await nthMailTo(email, before + 1))) })
  expect(confirmed.status).toBe(302)
  return sessionCookieFrom(confirmed)!
}
const signInForm = (email: string, password: string) => ({ intent: 'password', email, password, website: '', redirectTo: '' })

describe('password sign-in limits', () => {
  test('40 concurrent wrong guesses from one client: only 8 are checked; the right password in a later batch is refused', async () => {
    const email = 'raced@example.org'
    await registerAndConfirm(email)
    const attacker = '203.0.113.40'
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => post('/login', signInForm(email, `wrong guess ${i}`), { client: attacker })))
    const statuses = first.map((r) => r.status)
    // 400 = the password was checked and was wrong; 429 = refused before any check.
    expect(statuses.filter((s) => s === 400).length).toBe(8)
    expect(statuses.filter((s) => s === 429).length).toBe(32)
    const late = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post('/login', signInForm(email, i === 5 ? 'the right password' : `late guess ${i}`), { client: attacker })),
    )
    expect(late.map((r) => r.status)).toEqual(Array(10).fill(429))
    expect(late.every((r) => sessionCookieFrom(r) === null)).toBe(true)
  })

  test('an attacker’s 8 wrong guesses lock only the attacker out: the owner signs in from their own address', async () => {
    const email = 'owner@example.org'
    await registerAndConfirm(email)
    const attacker = '198.51.100.66'
    for (let i = 0; i < 8; i++) expect((await post('/login', signInForm(email, `guess ${i}`), { client: attacker })).status).toBe(400)
    const blocked = await post('/login', signInForm(email, 'the right password'), { client: attacker })
    expect(blocked.status).toBe(429)
    expect(sessionCookieFrom(blocked)).toBeNull()
    const owner = await post('/login', signInForm(email, 'the right password'), { client: '192.0.2.10' })
    expect(owner.status).toBe(302)
    expect(sessionCookieFrom(owner)).not.toBeNull()
    // The owner's success does not open the door again for the attacker.
    expect((await post('/login', signInForm(email, 'the right password'), { client: attacker })).status).toBe(429)
  })

  test('guesses spread over many addresses reach the account’s ceiling: then a wait, in the reader’s language, pointing to the sign-in link', async () => {
    const email = 'spread@example.org'
    await registerAndConfirm(email)
    let checked = 0
    for (let a = 1; a <= 4; a++) {
      for (let i = 0; i < 8; i++) {
        const res = await post('/login', signInForm(email, `spread ${a} ${i}`), { client: `10.9.0.${a}` })
        if (res.status === 400) checked++
        else expect(res.status).toBe(429)
      }
    }
    expect(checked).toBe(20)
    const en = await post('/login', signInForm(email, 'the right password'), { client: '10.9.0.99' })
    expect(en.status).toBe(429)
    expect(Number(en.headers.get('retry-after'))).toBeGreaterThan(60)
    expect(decode(await en.text())).toMatch(/too many wrong passwords from many places, so password sign-in is paused for 1[45] minutes\. You can sign in at once with a link/)
    const ru = await post('/ru/login', signInForm(email, 'the right password'), { client: '10.9.0.98' })
    expect(ru.status).toBe(429)
    expect(decode(await ru.text())).toMatch(/вход по паролю приостановлен на 1[45] минут\. Войти сразу можно по ссылке/)
    // The link still reaches the owner.
    const link = await post('/login', { intent: 'link', email, website: '' }, { client: '10.9.0.99' })
    expect(link.status).toBe(200)
    const mail = await mailbox.waitFor((m) => recipients(m).includes(email) && m.subject === 'Your sign-in link')
    expect(mail.text).toMatch(/verify\?token=/)
  })

  test('a spray over many accounts from one address still stops at 50 checks', async () => {
    const sprayer = '203.0.113.77'
    const statuses: number[] = []
    for (let i = 0; i < 52; i++) statuses.push((await post('/login', signInForm(`nobody-${i}@example.org`, 'guess'), { client: sprayer })).status)
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(400))
    expect(statuses.slice(50)).toEqual([429, 429])
  })
})

describe('the code page after too many wrong codes', () => {
  test('one true message every time, the link still works, and “send me a new code” sends one that works', async () => {
    const email = 'coder@example.org'
    await register(email)
    const firstMail = await nthMailTo(email, 1)
    const code = codeIn(firstMail)
    const wrong = code === '123456' ? '654321' : '123456'
    const tryCode = (c: string, lang = '') => post(`${lang}/verify?sent=1&email=${encodeURIComponent(email)}`, { intent: 'code', email, code: c, website: '' })
    for (let i = 0; i < 4; i++) expect(decode(await (await tryCode(wrong)).text())).toContain('That code is not right')
    const fifth = await tryCode(wrong)
    expect(fifth.status).toBe(400)
    const dead = 'A wrong code was typed five times, so this code no longer works. Ask for a new code below, or press the button in the same message.'
    expect(decode(await fifth.text())).toContain(dead)
    // Even the right code now gets the same words (not "expired or used"), in both languages.
    expect(decode(await (await tryCode(code)).text())).toContain(dead)
    expect(decode(await (await tryCode(code, '/ru')).text())).toContain('Неверный код ввели пять раз')
    // The link in the same message was never used: its page offers the button, not "already used".
    const linkPage = await get(linkIn(firstMail))
    expect(linkPage.status).toBe(200)
    expect(linkPage.text).toContain('Confirm my address')
    // The page offers a new code; pressing it sends one.
    expect(decode(await (await tryCode(wrong)).text())).toContain('Send me a new code')
    const resent = await post('/verify?sent=1', { intent: 'code', resend: '1', email, code: '', website: '' })
    expect(resent.status).toBe(200)
    expect(decode(await resent.text())).toContain(`If ${email} is waiting to be confirmed, a new message with a new code is on its way.`)
    const secondMail = await nthMailTo(email, 2)
    const newCode = codeIn(secondMail)
    // The old link was replaced, and says so truthfully.
    const oldLink = await get(linkIn(firstMail))
    expect(oldLink.status).toBe(400)
    expect(oldLink.text).toContain('or a newer message replaced it')
    const right = await tryCode(newCode)
    expect(right.status).toBe(302)
    expect(sessionCookieFrom(right)).not.toBeNull()
  })

  test('“send me a new code” answers the same for every address, sends nothing to strangers, and is limited', async () => {
    const stranger = 'not-registered@example.org'
    const res = await post('/ru/verify', { intent: 'code', resend: '1', email: stranger, website: '' })
    expect(res.status).toBe(200)
    expect(decode(await res.text())).toContain(`Если адрес ${stranger} ждёт подтверждения`)
    const email = 'resender@example.org'
    await register(email)
    for (let i = 0; i < 4; i++) expect((await post('/verify', { intent: 'code', resend: '1', email, website: '' })).status).toBe(200)
    const blocked = await post('/verify', { intent: 'code', resend: '1', email, website: '' })
    expect(blocked.status).toBe(429)
    expect(decode(await blocked.text())).toMatch(/Too many attempts\. Please wait \d+ minutes/)
    const malformed = await post('/verify', { intent: 'code', resend: '1', email: 'not an address', website: '' })
    expect(malformed.status).toBe(400)
    await waitUntil(() => mailsTo(email).length >= 5)
    expect(query(app.databasePath, 'select count(*) as n from outgoing_emails where to_address = ?', stranger)[0]!.n).toBe(0)
    expect(query(app.databasePath, 'select count(*) as n from outgoing_emails where to_address = ?', email)[0]!.n).toBe(5)
  })
})

describe('guest orders follow a confirmed address', () => {
  async function paidGuestOrder(email: string) {
    const { slug, typeIds } = createTestEvent(app.databasePath, { capacity: 50, types: [{ pricePence: 1200, quota: 50 }] })
    const title = `Test talk ${slug}`
    const held = await book(app.url, slug, { [String(typeIds[0])]: 2 })
    expect(held.status).toBe(303)
    const paying = await pay(app.url, held.code!, { name: 'Guest Buyer', email })
    expect(paying.status).toBe(303)
    expect((await payInSandbox(app.url, sessionIdFromCheckoutUrl(paying.location!))).status).toBe(303)
    await waitUntil(() => orderRow(app.databasePath, held.code!).status === 'paid')
    return { code: held.code!, title }
  }

  test('bought as a guest → register with the same address → confirm → the tickets are on the account (and not before)', async () => {
    const email = 'guest-buyer@example.org'
    const mine = await paidGuestOrder(email)
    const someoneElses = await paidGuestOrder('someone-else@example.org')
    await register('Guest-Buyer@Example.org')
    // Registered but not confirmed: nothing is attached.
    expect(orderRow(app.databasePath, mine.code).user_id).toBeNull()
    const mail = await mailbox.waitFor((m) => recipients(m).includes(email) && m.subject === 'Confirm your email address')
    const confirmed = await post('/verify', { intent: 'link', token: tokenOf(linkIn(mail)) })
    expect(confirmed.status).toBe(302)
    const cookie = sessionCookieFrom(confirmed)!
    const userId = query<{ id: number }>(app.databasePath, 'select id from users where email = ?', email)[0]!.id
    expect(orderRow(app.databasePath, mine.code).user_id).toBe(userId)
    expect(orderRow(app.databasePath, someoneElses.code).user_id).toBeNull()
    const audit = query<{ details: string }>(app.databasePath, "select details from audit_log where action = 'orders.attached' and subject_id = ?", String(userId))
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.details).orderIds).toEqual([orderRow(app.databasePath, mine.code).id])

    const tickets = await get('/account/tickets', cookie)
    expect(tickets.status).toBe(200)
    expect(tickets.text).toContain(mine.title)
    expect(tickets.text).not.toContain(someoneElses.title)
    // The overview names the upcoming tickets instead of "will appear here".
    const overview = await get('/account', cookie)
    expect(overview.text).toContain(mine.title)
    expect(overview.text).toContain('2 tickets')
    expect(overview.text).toContain(`/orders/${mine.code}`)
    const ru = await get('/ru/account', cookie)
    expect(ru.text).toContain('2 билета')
    expect(ru.text).toContain('Все ваши билеты')
  })

  test('an account that confirms a change to the address gets that address’s guest orders', async () => {
    const email = 'changed-to@example.org'
    const order = await paidGuestOrder(email)
    const cookie = await registerAndConfirm('changer@example.org')
    const asked = await post('/account/settings', { intent: 'email', newEmail: email, currentPassword: 'the right password' }, { cookie })
    expect(asked.status).toBeLessThan(400)
    expect(orderRow(app.databasePath, order.code).user_id).toBeNull()
    const mail = await mailbox.waitFor((m) => recipients(m).includes(email) && /verify\?token=/.test(m.text ?? ''))
    const done = await post('/verify', { intent: 'link', token: tokenOf(linkIn(mail)) }, { cookie })
    expect(done.status).toBe(302)
    const userId = query<{ id: number }>(app.databasePath, 'select id from users where email = ?', email)[0]!.id
    expect(orderRow(app.databasePath, order.code).user_id).toBe(userId)
    expect((await get('/account/tickets', sessionCookieFrom(done)!)).text).toContain(order.title)
  })

  test('confirming with the six-digit code attaches them too', async () => {
    const email = 'code-buyer@example.org'
    const order = await paidGuestOrder(email)
    await register(email)
    const mail = await mailbox.waitFor((m) => recipients(m).includes(email) && m.subject === 'Confirm your email address')
    const right = await post('/verify', { intent: 'code', email, code: codeIn(mail), website: '' })
    expect(right.status).toBe(302)
    expect((await get('/account/tickets', sessionCookieFrom(right)!)).text).toContain(order.title)
  })

  test('an account with no tickets says how tickets get there and links to the calendar', async () => {
    const cookie = await registerAndConfirm('no-tickets@example.org')
    const overview = await get('/account', cookie)
    expect(overview.text).toContain('You have no tickets yet.')
    expect(overview.text).not.toContain('Your tickets will appear here.')
  })
})

describe('search', () => {
  /** The event links inside the results section of a search page. */
  const resultLinks = (html: string) => {
    const section = /id="results-title"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
    return [...section.matchAll(/href="(?:\/ru)?\/events\/([a-z0-9-]+)"/g)].map((m) => m[1])
  }

  test('gibberish and single letters match nothing, and the page says so in both languages', async () => {
    for (const q of ['q', 'zz', 'qqqq', 'ааааа', 'zzzzqqq', 'x y']) {
      const en = await get(`/events?q=${encodeURIComponent(q)}`)
      expect(en.status, q).toBe(200)
      expect(resultLinks(en.text), q).toEqual([])
      expect(en.text, q).toContain(`No events match “${q}”.`)
      const ru = await get(`/ru/events?q=${encodeURIComponent(q)}`)
      expect(resultLinks(ru.text), q).toEqual([])
      expect(ru.text, q).toContain(`По запросу «${q}» событий не найдено.`)
    }
  })

  test('real words still find their events, across alphabets', async () => {
    for (const q of ['Duma', 'Думу', 'duma elections']) {
      const page = await get(`/events?q=${encodeURIComponent(q)}`)
      expect(resultLinks(page.text).length, q).toBeGreaterThan(0)
      expect(page.text, q).not.toContain('No events match')
    }
    const arkhipov = await get(`/events?q=${encodeURIComponent('Архипов')}`)
    expect(resultLinks(arkhipov.text)).toContain('kostroma-what-happened-on-13-september')
  })

  test('staff’s people search meets across alphabets', async () => {
    const cookie = await signInAs(app, 'admin')
    for (const q of ['Мария', 'maria', 'Мария Мембер', 'member@demo']) {
      const page = await get(`/staff/people?q=${encodeURIComponent(q)}`, cookie)
      expect(page.status, q).toBe(200)
      expect(page.text, q).toContain(DEMO.member.name)
      expect(page.text, q).not.toContain(DEMO.door.name)
    }
    const gibberish = await get(`/staff/people?q=${encodeURIComponent('zzzzqqq')}`, cookie)
    expect(gibberish.text).not.toContain(DEMO.member.name)
    expect(gibberish.text).toContain('Nobody matches.')
  })
})
