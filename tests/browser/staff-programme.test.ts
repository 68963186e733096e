/**
 * The back office's programme pages (events, speakers, venues: lists, new, edit, a refused save)
 * on a phone, in English and Russian, signed in as the demo staff account: each has one <h1>
 * (StaffHeader), nothing wider than the screen (tables included), no console error. Screenshots in tests/artifacts/.
 */
import { expect, test } from 'vitest'
import { openPage, PHONE, screenshot, useBrowserSuite } from '../support/browser'
import { signInAs } from '../support/sign-in'

const suite = useBrowserSuite()

for (const lang of ['en', 'ru'] as const) {
  test(`staff programme pages fit a phone, in ${lang === 'en' ? 'English' : 'Russian'}`, async () => {
    const cookie = await signInAs(suite.app, 'staff')
    const { page, problems, close } = await openPage(suite.browser, {
      viewport: PHONE,
      session: { url: suite.app.url, cookie },
      // The refused save below answers 400 on purpose.
      ignore: (text, source) => source === 'console' && text.includes('status of 400'),
    })
    const prefix = lang === 'ru' ? '/ru' : ''
    const checked: string[] = []
    const look = async (name: string) => {
      await page.getByRole('heading', { level: 1 }).waitFor()
      expect(await page.locator('h1').count(), name).toBe(1)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width, `${name} is ${width}px wide on a ${PHONE.width}px screen`).toBeLessThanOrEqual(PHONE.width)
      // A table in a scrolling box keeps the page narrow but still cuts its columns off: none may be wider than the screen.
      const tables = await page.locator('main table').evaluateAll((ts) => ts.map((t) => Math.round(t.getBoundingClientRect().right)))
      for (const right of tables) expect(right, `a table on ${name} reaches ${right}px`).toBeLessThanOrEqual(PHONE.width)
      await screenshot(page, `staff-${name}-${lang}-phone`)
      checked.push(name)
    }

    for (const list of ['events', 'speakers', 'venues']) {
      await page.goto(`${suite.app.url}${prefix}/staff/${list}`)
      await look(list)
      // The first record's edit page, reached from the list as staff reach it.
      const href = await page.locator(`main a[href*="/staff/${list}/"]:not([href$="/new"])`).first().getAttribute('href')
      expect(href).toMatch(new RegExp(`/staff/${list}/\\d+$`))
      await page.goto(`${suite.app.url}${href}`)
      await look(`${list}-edit`)
      await page.goto(`${suite.app.url}${prefix}/staff/${list}/new`)
      await look(`${list}-new`)
    }

    // A refused save: the notice and the errors beside their fields must fit too.
    await page.goto(`${suite.app.url}${prefix}/staff/events/new`)
    await page.getByRole('button', { name: lang === 'ru' ? 'Сохранить черновик' : 'Save draft' }).click()
    await page.locator('#titleEn-error').waitFor()
    await look('events-errors')

    expect(checked).toHaveLength(10)
    expect(problems, problems.join('\n')).toEqual([])
    await close()
  })
}
