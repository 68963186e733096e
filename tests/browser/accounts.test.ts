/**
 * A person's way through their account in a real browser: registration → confirmation by mail
 * (over real SMTP) → sign-out → sign-in → data download. Plus how the pages look, phone and desktop,
 * in both languages (screenshots in tests/artifacts/).
 */
import fs from 'node:fs'
import type { AddressObject } from 'mailparser'
import { expect, test } from 'vitest'
import { DESKTOP, openPage, PHONE, screenshot, useBrowserSuite, waitForHydration } from '../support/browser'
import { DEMO, signInAs } from '../support/sign-in'

const suite = useBrowserSuite({ mailbox: true })

test('registration → confirmation by mail → sign-in → data download (Russian, on a phone)', async () => {
  // A refused form answers 400 on purpose; any other console error is a problem.
  const { page, problems, close } = await openPage(suite.browser, {
    viewport: PHONE,
    acceptDownloads: true,
    ignore: (text, source) => source === 'console' && text.includes('status of 400'),
  })

  await page.goto(`${suite.app.url}/ru/register`)
  await waitForHydration(page)
  // Wrong input: messages beside the fields, what was typed stays.
  await page.getByLabel('Имя').fill('Ольга Браузерова')
  await page.getByLabel('Электронная почта').fill('olga@')
  await page.getByRole('button', { name: 'Создать учётную запись' }).click()
  await expect(page.getByText('Введите адрес почты, например name@example.org.').waitFor()).resolves.toBeUndefined()
  expect(await page.getByLabel('Имя').inputValue()).toBe('Ольга Браузерова')
  expect(await page.getByLabel('Электронная почта').getAttribute('aria-invalid')).toBe('true')
  await screenshot(page, 'accounts-register-errors-ru-phone')

  await page.getByLabel('Электронная почта').fill('olga@example.org')
  await page.getByLabel('Пароль').fill('белые ночи над Невой')
  await page.getByLabel('Язык общения').selectOption('ru')
  await page.getByRole('checkbox', { name: /политику конфиденциальности/ }).check()
  await page.getByRole('button', { name: 'Создать учётную запись' }).click()
  await page.getByRole('heading', { name: 'Проверьте почту' }).waitFor()
  await screenshot(page, 'accounts-check-email-ru-phone')

  const mail = await suite.mailbox.waitFor((m) => ([] as AddressObject[]).concat(m.to ?? []).some((a) => a.text.includes('olga@example.org')))
  expect(mail.subject).toBe('Подтвердите адрес почты')
  const link = /(http:\/\/127\.0\.0\.1:\d+\/ru\/verify\?token=[A-Za-z0-9_-]+)/.exec(mail.text!)![1]!
  await page.goto(link)
  await screenshot(page, 'accounts-confirm-ru-phone')
  await page.getByRole('button', { name: 'Подтвердить адрес' }).click()
  await page.getByText('Адрес почты подтверждён. Добро пожаловать в клуб.').waitFor()
  expect(new URL(page.url()).pathname).toBe('/ru/account')
  await screenshot(page, 'accounts-account-ru-phone')

  await page.getByRole('button', { name: 'Выйти' }).click()
  await page.getByText('Вы вышли из учётной записи.').waitFor()
  await page.goto(`${suite.app.url}/ru/account/privacy`)
  await page.waitForURL(/\/ru\/login\?redirectTo=/)
  await page.getByLabel('Электронная почта').first().fill('olga@example.org')
  await page.getByLabel('Пароль').fill('белые ночи над Невой')
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await page.waitForURL(`${suite.app.url}/ru/account/privacy`)
  await screenshot(page, 'accounts-privacy-ru-phone')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать мои данные' }).click()])
  expect(download.suggestedFilename()).toMatch(/^open-russia-club-my-data-\d{4}-\d\d-\d\d\.json$/)
  const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { profile: { email: string; name: string; preferredLanguage: string } }
  expect(data.profile).toMatchObject({ email: 'olga@example.org', name: 'Ольга Браузерова', preferredLanguage: 'ru' })

  expect(problems).toEqual([])
  await close()
})

test('sign-in page, account pages and the admin pages, in English on a desktop and Russian on a phone', async () => {
  for (const [device, viewport, prefix] of [['desktop', DESKTOP, ''], ['phone', PHONE, '/ru']] as const) {
    const lang = prefix ? 'ru' : 'en'
    // Uncaught errors only: a wrong password is refused with a 4xx on purpose, which chromium logs.
    const { page, problems, close } = await openPage(suite.browser, { viewport, ignore: (_text, source) => source === 'console' })
    await page.goto(`${suite.app.url}${prefix}/login`)
    // Demo mode: the demo accounts are shown on the sign-in page.
    await page.locator('[data-demo-account="admin"]').waitFor()
    expect(await page.locator('[data-demo-account="admin"]').textContent()).toContain(DEMO.admin.password)
    await screenshot(page, `accounts-login-${lang}-${device}`)
    await page.locator('#login').getByLabel(lang === 'ru' ? 'Электронная почта' : 'Email').fill(DEMO.admin.email)
    await page.locator('#login').getByLabel(lang === 'ru' ? 'Пароль' : 'Password').fill('wrong password')
    await page.locator('#login').getByRole('button').click()
    await page.getByRole('alert').first().waitFor()
    await screenshot(page, `accounts-login-error-${lang}-${device}`)
    await page.locator('#login').getByLabel(lang === 'ru' ? 'Пароль' : 'Password').fill(DEMO.admin.password)
    await page.locator('#login').getByRole('button').click()
    await page.waitForURL(`${suite.app.url}${prefix}/account`)
    for (const section of ['settings', 'sessions', 'privacy']) {
      await page.goto(`${suite.app.url}${prefix}/account/${section}`)
      await screenshot(page, `accounts-${section}-${lang}-${device}`)
    }
    for (const staffPage of ['people', 'audit']) {
      const res = await page.goto(`${suite.app.url}${prefix}/staff/${staffPage}`)
      expect(res?.status()).toBe(200)
      await screenshot(page, `accounts-staff-${staffPage}-${lang}-${device}`)
    }
    await page.goto(`${suite.app.url}${prefix}/forgot-password`)
    await screenshot(page, `accounts-forgot-${lang}-${device}`)
    expect(problems).toEqual([])
    await close()
  }
})

test('without JavaScript, the confirmation link’s button still confirms (native form posts pass the same-origin check)', async () => {
  const { page, close } = await openPage(suite.browser, { viewport: PHONE, javaScriptEnabled: false })
  await page.goto(`${suite.app.url}/register`)
  await page.getByLabel('Name').fill('Nina Nojs')
  await page.getByLabel('Email', { exact: true }).fill('nina.nojs@example.org')
  await page.getByLabel('Password', { exact: true }).fill('a long passphrase for nina')
  await page.getByRole('checkbox', { name: /privacy/i }).check()
  await page.getByRole('button', { name: /create/i }).click()
  const mail = await suite.mailbox.waitFor((m) => ([] as AddressObject[]).concat(m.to ?? []).some((a) => a.text.includes('nina.nojs@example.org')))
  const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\?token=[A-Za-z0-9_-]+)/.exec(mail.text!)![1]!
  await page.goto(link)
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: /confirm/i }).click(),
  ])
  expect(response.status()).not.toBe(403)
  await page.waitForURL(`${suite.app.url}/account?notice=confirmed`)
  expect(await page.locator('main').textContent()).toContain('Your email address is confirmed')
  await close()
})

test('five wrong codes on a phone: one true message, “send me a new code”, and the new code works (Russian and English)', async () => {
  for (const [lang, prefix, email] of [['ru', '/ru', 'kod.rus@example.org'], ['en', '', 'code.eng@example.org']] as const) {
    const ru = lang === 'ru'
    const context = await suite.browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(e.message))
    const res = await fetch(`${suite.app.url}${prefix}/register`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Code Browser', email, password: 'a long passphrase here', locale: lang, privacy: 'on', website: '' }),
    })
    expect(res.status).toBe(302)
    const toHer = (m: { to?: AddressObject | AddressObject[] }) => ([] as AddressObject[]).concat(m.to ?? []).some((a) => a.text.includes(email))
    const first = await suite.mailbox.waitFor(toHer)
    const code = /(\d{6})/.exec(first.text!.replace(/token=[A-Za-z0-9_-]+/, ''))![1]!
    const wrong = code === '111111' ? '222222' : '111111'
    await page.goto(`${suite.app.url}${res.headers.get('location')}`)
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined)
    const codeField = page.getByLabel(ru ? 'Шестизначный код' : 'Six-digit code')
    const confirm = page.getByRole('button', { name: ru ? 'Подтвердить' : 'Confirm', exact: true })
    const dead = ru ? 'Неверный код ввели пять раз' : 'A wrong code was typed five times'
    for (let i = 0; i < 5; i++) {
      await codeField.fill(wrong)
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), confirm.click()])
    }
    await page.getByText(dead).waitFor()
    // The right code from the same message now gets the same words, not a different story.
    await codeField.fill(code)
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), confirm.click()])
    await page.getByText(dead).waitFor()
    await screenshot(page, `accounts-code-dead-${lang}-phone`)
    await page.getByRole('button', { name: ru ? 'Прислать новый код' : 'Send me a new code' }).click()
    await page.getByText(ru ? 'новое письмо с новым кодом уже в пути' : 'a new message with a new code is on its way').waitFor()
    await screenshot(page, `accounts-code-resent-${lang}-phone`)
    await suite.mailbox.waitFor(() => suite.mailbox.messages.filter(toHer).length >= 2)
    const second = suite.mailbox.messages.filter(toHer)[1]!
    const newCode = /(\d{6})/.exec(second.text!.replace(/token=[A-Za-z0-9_-]+/, ''))![1]!
    await codeField.fill(newCode)
    await confirm.click()
    await page.waitForURL(`${suite.app.url}${prefix}/account?notice=confirmed`)
    await screenshot(page, `accounts-code-confirmed-${lang}-phone`)
    expect(problems).toEqual([])
    await context.close()
  }
})

test('a search that matches nothing says so (phone, both languages)', async () => {
  const context = await suite.browser.newContext({ viewport: PHONE })
  const page = await context.newPage()
  for (const [lang, prefix, words] of [['en', '', 'No events match “zz”.'], ['ru', '/ru', 'По запросу «zz» событий не найдено.']] as const) {
    await page.goto(`${suite.app.url}${prefix}/events?q=zz`)
    await page.getByText(words).waitFor()
    expect(await page.locator('[data-search-empty]').count()).toBe(1)
    await screenshot(page, `accounts-search-empty-${lang}-phone`)
  }
  await context.close()
})

test('the account overview lists the member’s upcoming tickets (phone, both languages)', async () => {
  const cookie = await signInAs(suite.app, 'member')
  const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)]
  const context = await suite.browser.newContext({ viewport: PHONE })
  await context.addCookies([{ name, value, url: suite.app.url }])
  const page = await context.newPage()
  for (const [lang, prefix, all] of [['en', '', 'All your tickets'], ['ru', '/ru', 'Все ваши билеты']] as const) {
    await page.goto(`${suite.app.url}${prefix}/account`)
    const tickets = page.locator('[data-section="tickets"]')
    await tickets.getByRole('link', { name: all }).waitFor()
    expect(await tickets.locator('a[href*="/orders/"]').count()).toBeGreaterThan(0)
    await screenshot(page, `accounts-overview-tickets-${lang}-phone`)
  }
  await context.close()
})
