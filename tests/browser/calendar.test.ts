/**
 * A visitor's walk through the programme, in a real browser: the month view, a filter, an event,
 * its speaker, then the same page in Russian. On a phone and on a desktop, with screenshots.
 */
import { DateTime } from 'luxon'
import { expect, test } from 'vitest'
import { DESKTOP, hydrated, openPage, PHONE, screenshot, useBrowserSuite } from '../support/browser'
import { signInAs } from '../support/sign-in'

const suite = useBrowserSuite()

for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  test(`month view → filter → event → speaker → Russian, on a ${device}`, async () => {
    const { page, problems, close } = await openPage(suite.browser, { viewport })

    await page.goto(`${suite.app.url}/events`)
    await page.waitForFunction(hydrated)
    const now = DateTime.now().setZone('Europe/London')
    expect(await page.locator('#month-title').textContent()).toBe(now.setLocale('en-GB').toLocaleString({ month: 'long', year: 'numeric' }))
    await screenshot(page, `calendar-month-en-${device}`)

    // The seeded screening is twelve days away: page forward if it falls in the next month.
    const screeningMonth = now.startOf('day').plus({ days: 12 })
    if (screeningMonth.month !== now.month) {
      await page.getByRole('link', { name: 'Next month' }).click()
      await page.waitForURL(/month=/)
      await page.locator('#month-title', { hasText: screeningMonth.setLocale('en-GB').toLocaleString({ month: 'long', year: 'numeric' }) }).waitFor()
    }
    // The month grid links the screening's day to its list.
    const dayLabel = screeningMonth.setLocale('en-GB').toLocaleString({ day: 'numeric', month: 'long' })
    await expect(page.getByRole('link', { name: new RegExp(`event(s)? on ${dayLabel}$`) }).count()).resolves.toBe(1)

    // Filter by kind.
    await page.getByLabel('Kind').selectOption('screening')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/kind=screening/)
    await page.locator('#kind[name="kind"]').waitFor()
    await page.waitForFunction(() => document.querySelectorAll('article h3').length === 1)
    const titles = await page.locator('article h3').allTextContents()
    expect(titles).toEqual(['Screening: “The Town That Stayed”, with the director'])
    await screenshot(page, `calendar-filtered-en-${device}`)

    // The event.
    await page.getByRole('link', { name: 'Screening: “The Town That Stayed”, with the director' }).click()
    await page.waitForURL(/\/events\/screening-the-town-that-stayed$/)
    await page.getByRole('heading', { level: 1, name: 'Screening: “The Town That Stayed”, with the director', exact: true }).waitFor()
    expect(await page.getByTestId('event-time').textContent()).toMatch(/^19:00–22:00 (GMT|BST)$/)
    expect(await page.getByRole('link', { name: 'Book tickets' }).getAttribute('href')).toBe('/events/screening-the-town-that-stayed/book')
    await screenshot(page, `calendar-event-en-${device}`)

    // Its speaker.
    await page.getByRole('link', { name: 'Marina Tsvetkova' }).first().click()
    await page.waitForURL(/\/speakers\/marina-tsvetkova$/)
    await page.getByRole('heading', { level: 1, name: 'Marina Tsvetkova', exact: true }).waitFor()
    await expect(page.getByText('Марина Цветкова').count()).resolves.toBeGreaterThan(0)

    // The same page in Russian.
    await page.getByRole('link', { name: 'Русский', exact: true }).click()
    await page.waitForURL(/\/ru\/speakers\/marina-tsvetkova$/)
    await page.waitForSelector('html[lang="ru"]')
    await page.getByRole('heading', { level: 1, name: 'Марина Цветкова', exact: true }).waitFor()
    expect(await page.getByRole('heading', { name: 'Предстоящие события' }).count()).toBe(1)
    await screenshot(page, `calendar-speaker-ru-${device}`)

    // And back to the event, now in Russian, from the profile.
    await page.getByRole('link', { name: 'Показ: «Город, который остался», с режиссёром' }).click()
    await page.waitForURL(/\/ru\/events\/screening-the-town-that-stayed$/)
    expect(await page.getByRole('link', { name: 'Купить билеты' }).getAttribute('href')).toBe('/ru/events/screening-the-town-that-stayed/book')
    await screenshot(page, `calendar-event-ru-${device}`)

    expect(problems).toEqual([])
    await close()
  })
}

test('search in Cyrillic finds a speaker spelled in Latin, and the Russian calendar', async () => {
  const page = await suite.browser.newPage({ viewport: PHONE })
  await page.goto(`${suite.app.url}/ru/events`)
  await page.waitForFunction(hydrated)
  await page.getByLabel('Поиск').fill('Arkhipov')
  await page.getByRole('button', { name: 'Показать' }).click()
  await page.waitForURL(/q=Arkhipov/)
  await page.locator('#results-title').waitFor()
  const titles = await page.locator('article h3').allTextContents()
  expect(titles).toContain('Кострома: что произошло 13 сентября')
  await screenshot(page, 'calendar-search-ru-phone')
  await page.goto(`${suite.app.url}/ru/speakers`)
  await screenshot(page, 'calendar-speakers-ru-phone')
  await page.close()
})

test('staff pages look right, in both languages', async () => {
  const cookie = await signInAs(suite.app, 'staff')
  const { page, close } = await openPage(suite.browser, { viewport: DESKTOP, session: { url: suite.app.url, cookie } })
  await page.goto(`${suite.app.url}/staff/events`)
  await page.getByRole('heading', { level: 1, name: 'Events', exact: true }).waitFor()
  await screenshot(page, 'calendar-staff-events-en-desktop')
  await page.getByRole('link', { name: 'Kostroma: what happened on 13 September' }).click()
  await page.waitForURL(/\/staff\/events\/\d+$/)
  expect(await page.getByLabel('Title (Russian)').inputValue()).toBe('Кострома: что произошло 13 сентября')
  await screenshot(page, 'calendar-staff-event-en-desktop')
  await page.goto(`${suite.app.url}/ru/staff/events/new`)
  await page.getByLabel('Название (по-английски)').fill('Night on the clock change')
  await page.locator('#date').fill('2027-03-28')
  await page.locator('#time').fill('01:30')
  await page.getByRole('button', { name: 'Сохранить черновик' }).click()
  await page.waitForSelector('#time-error')
  expect(await page.locator('#time-error').textContent()).toContain('Такого времени в Лондоне нет')
  expect(await page.locator('#titleRu-error').textContent()).toBe('Заполните это поле.')
  expect(await page.getByLabel('Название (по-английски)').inputValue()).toBe('Night on the clock change')
  await screenshot(page, 'calendar-staff-errors-ru-desktop')
  await close()
})
