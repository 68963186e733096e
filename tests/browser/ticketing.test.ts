/**
 * A buyer books a paid ticket through the sandbox's hosted checkout and a free RSVP, in a real
 * browser; the QR codes of the confirmation emails (real SMTP) are read back by an independent
 * decoder (jsqr on pngjs) and must be the tickets' codes. Screenshots of every page, phone and
 * desktop, English and Russian.
 */
import jsQR from 'jsqr'
import type { ParsedMail } from 'mailparser'
import { PNG } from 'pngjs'
import { describe, expect, test } from 'vitest'
import { DESKTOP, openPage, PHONE, screenshot, useBrowserSuite, waitForHydration } from '../support/browser'
import { signInAs } from '../support/sign-in'
import { book, createTestEvent, exec, pay, query, rsvp } from '../support/ticketing'

const suite = useBrowserSuite({ mailbox: true })

function decodeQrAttachments(mail: ParsedMail): string[] {
  return mail.attachments
    .filter((a) => a.contentType === 'image/png')
    .map((a) => {
      const png = PNG.sync.read(a.content)
      const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
      if (!qr) throw new Error(`no QR code in ${a.filename}`)
      return qr.data
    })
}

describe('booking in a browser', () => {
  test('a paid ticket through the hosted checkout, then the QR codes in the email decode to the tickets', async () => {
    const { slug, eventId, typeIds } = createTestEvent(suite.app.databasePath, {
      capacity: 30,
      types: [
        { nameEn: 'Standard', pricePence: 800, quota: 30 },
        { nameEn: 'Concession', pricePence: 500, quota: 10 },
      ],
      addressHidden: true,
    })
    const { page, problems, close } = await openPage(suite.browser, { viewport: DESKTOP })
    await page.goto(`${suite.app.url}/events/${slug}/book`)
    await waitForHydration(page)
    await page.selectOption(`#qty_${typeIds[0]}`, '2')
    await screenshot(page, 'ticketing-book-en-desktop')
    await page.getByRole('button', { name: 'Hold my seats' }).click()
    await page.waitForURL(/\/orders\/[A-Za-z0-9_-]+$/)
    await page.getByRole('heading', { level: 1, name: 'Your seats are held' }).waitFor()
    // The hidden address is not shown before payment.
    expect(await page.textContent('main')).toContain('The address is shared with ticket holders only.')
    await page.fill('#name', 'Irina Browser')
    await page.fill('#email', 'irina@example.org')
    await screenshot(page, 'ticketing-hold-en-desktop')
    await page.getByRole('button', { name: 'Pay £16.00' }).click()
    await page.waitForURL(/\/sandbox\/checkout\/cs_test_/)
    await screenshot(page, 'ticketing-sandbox-checkout-desktop')
    // A declined card first: the page says so and nothing is paid.
    await page.fill('#card', '4000 0000 0000 0002')
    await page.getByRole('button', { name: /^Pay/ }).click()
    await page.waitForSelector('text=Your card was declined.')
    await page.fill('#card', '4242 4242 4242 4242')
    await page.getByRole('button', { name: /^Pay/ }).click()
    await page.waitForURL(/session_id=cs_test_/)
    await page.getByRole('heading', { name: 'You’re going!' }).waitFor({ timeout: 15_000 })
    expect(await page.locator('img[alt^="QR code of ticket"]').count()).toBe(2)
    expect(await page.textContent('main')).not.toContain('The address is shared with ticket holders only.')
    await screenshot(page, 'ticketing-paid-en-desktop')

    const tickets = query<{ code: string }>(suite.app.databasePath, 'select tickets.code from tickets join orders on orders.id = tickets.order_id where orders.event_id = ? order by tickets.id', eventId).map((t) => t.code)
    expect(tickets).toHaveLength(2)
    const mail = await suite.mailbox.waitFor((m) => JSON.stringify(m.to).includes('irina@example.org'))
    expect(decodeQrAttachments(mail).sort()).toEqual([...tickets].sort())
    // Inline images (Content-ID), which the HTML part shows (mailparser inlines them as data: URLs).
    expect(mail.attachments.filter((a) => a.contentType === 'image/png').every((a) => a.cid && a.related)).toBe(true)
    expect(mail.attachments.some((a) => a.filename === 'event.ics' && a.content.toString().includes('BEGIN:VEVENT'))).toBe(true)
    expect(problems, problems.join('\n')).toEqual([])
    await close()
  })

  test('a free RSVP in Russian on a phone; the email’s QR codes decode to the tickets', async () => {
    const { slug, eventId } = createTestEvent(suite.app.databasePath, { capacity: 40, types: [{ nameEn: 'Free entry', pricePence: 0, quota: 40 }] })
    const { page, problems, close } = await openPage(suite.browser, { viewport: PHONE })
    await page.goto(`${suite.app.url}/ru/events/${slug}/book`)
    await waitForHydration(page)
    await screenshot(page, 'ticketing-book-ru-phone')
    await page.getByRole('button', { name: 'Записаться' }).click()
    await page.waitForURL(/\/ru\/orders\//)
    await page.fill('#name', 'Пётр')
    await page.fill('#email', 'petr@example.org')
    await screenshot(page, 'ticketing-hold-ru-phone')
    await page.getByRole('button', { name: 'Подтвердить запись' }).click()
    // The email is proved first: a 6-digit code, read from the message as Пётр reads it.
    await page.getByRole('heading', { name: 'Проверьте почту' }).waitFor()
    const codeMail = await suite.mailbox.waitFor((m) => JSON.stringify(m.to).includes('petr@example.org') && /ваш код/.test(m.subject ?? ''))
    await screenshot(page, 'ticketing-code-ru-phone')
    await page.fill('#code', /\b(\d{6})\b/.exec(codeMail.subject ?? '')![1]!)
    await page.getByRole('button', { name: 'Подтвердить запись' }).click()
    await page.getByRole('heading', { name: 'Ждём вас!' }).waitFor()
    await screenshot(page, 'ticketing-paid-ru-phone')
    const tickets = query<{ code: string }>(suite.app.databasePath, 'select code from tickets where event_id = ?', eventId).map((t) => t.code)
    expect(tickets).toHaveLength(1)
    const mail = await suite.mailbox.waitFor((m) => JSON.stringify(m.to).includes('petr@example.org') && (m.subject ?? '').startsWith('Ваши билеты'))
    expect(mail.subject).toMatch(/^Ваши билеты/)
    expect(decodeQrAttachments(mail)).toEqual(tickets)
    expect(problems, problems.join('\n')).toEqual([])
    await close()
  })

  test('staff see the orders and the ticket types (screenshots, both languages)', async () => {
    const { slug, typeIds } = createTestEvent(suite.app.databasePath, {
      capacity: 30,
      types: [
        { nameEn: 'Standard', pricePence: 0, quota: 20 },
        { nameEn: 'Supporter', pricePence: 1500, quota: 10 },
      ],
    })
    // Orders in several states: confirmed, held, and a hold that lapsed.
    const confirmed = await book(suite.app.url, slug, { [typeIds[0]!]: 2 })
    await rsvp(suite.app.url, suite.app.databasePath, confirmed.code!, { name: 'Ольга Смирнова', email: 'olga@example.org' })
    const heldOrder = await book(suite.app.url, slug, { [typeIds[1]!]: 1 })
    await pay(suite.app.url, heldOrder.code!, { name: 'James Whitfield', email: 'james@example.org' })
    const lapsed = await book(suite.app.url, slug, { [typeIds[1]!]: 3 })
    exec(suite.app.databasePath, 'update orders set expires_at = ? where code = ?', Date.now() - 1000, lapsed.code)
    const cookie = await signInAs(suite.app, 'staff')
    for (const [device, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      const { page, problems, close } = await openPage(suite.browser, { viewport, session: { url: suite.app.url, cookie } })
      for (const lang of ['', '/ru']) {
        await page.goto(`${suite.app.url}${lang}/staff/events/${slug}/tickets`)
        await page.getByRole('heading', { level: 1 }).waitFor()
        await screenshot(page, `ticketing-staff-types-${lang ? 'ru' : 'en'}-${device}`)
        await page.goto(`${suite.app.url}${lang}/staff/events/${slug}/orders`)
        await page.getByRole('heading', { level: 1 }).waitFor()
        expect(await page.locator('tr[data-order-state]').count()).toBe(3)
        expect(await page.locator('tr[data-order-state="paid"] td:nth-child(3) [data-value]').textContent()).toBe('2')
        // Nothing wider than the screen, and the action is on it, whole.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
        const resend = page.getByRole('button', { name: lang ? 'Отправить подтверждение ещё раз' : 'Resend confirmation' })
        await expect.poll(() => resend.isVisible()).toBe(true)
        const box = (await resend.boundingBox())!
        expect(box.x).toBeGreaterThanOrEqual(0)
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
        expect(await page.locator('tr[data-order-state="paid"]').textContent()).toContain(lang ? 'Бесплатно — подтверждено' : 'Free — confirmed')
        await screenshot(page, `ticketing-staff-orders-${lang ? 'ru' : 'en'}-${device}`)
      }
      expect(problems, problems.join('\n')).toEqual([])
      await close()
    }
  })
})

describe('issue #9 pages on a phone', () => {
  test('members-only tickets say why and where to go; a booking waiting for approval; a bank transfer (screenshots, both languages)', async () => {
    const members = createTestEvent(suite.app.databasePath, { capacity: 20, types: [{ nameEn: 'Members', pricePence: 500, quota: 20, membersOnly: true }] })
    const approval = createTestEvent(suite.app.databasePath, { capacity: 20, types: [{ nameEn: 'Seat', pricePence: 900, quota: 20 }], addressHidden: true })
    exec(suite.app.databasePath, 'update events set requires_approval = 1 where id = ?', approval.eventId)
    const waiting = await book(suite.app.url, approval.slug, { [approval.typeIds[0]!]: 1 })
    await pay(suite.app.url, waiting.code!, { name: 'Guest', email: 'waiting@example.org' })
    const { page, problems, close } = await openPage(suite.browser, { viewport: PHONE })
    for (const lang of ['', '/ru']) {
      const l = lang ? 'ru' : 'en'
      await page.goto(`${suite.app.url}${lang}/events/${members.slug}/book`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      expect(await page.getByRole('button', { name: lang ? 'Забронировать места' : 'Hold my seats' }).isDisabled()).toBe(true)
      await page.getByRole('link', { name: lang ? 'Вступить в клуб' : 'Become a member' }).waitFor()
      await screenshot(page, `ticketing-members-only-${l}-phone`)
      await page.goto(`${suite.app.url}${lang}/orders/${waiting.code}`)
      await page.getByRole('heading', { level: 1, name: lang ? 'Ждём подтверждения клуба' : 'Waiting for the club’s approval' }).waitFor()
      await screenshot(page, `ticketing-awaiting-approval-${l}-phone`)
    }
    expect(problems, problems.join('\n')).toEqual([])
    await close()
  })
})
