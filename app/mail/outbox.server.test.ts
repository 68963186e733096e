import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { outgoingEmails } from '#db/schema'
import { initEnv } from '~/env.server'
import { startMailbox, type Mailbox } from '../../tests/support/smtp'
import { renderEmail } from './layout.server'
import { deliverQueuedEmails, queueEmail } from './outbox.server'

const message = (to: string, dedupeKey?: string) => ({
  to,
  locale: 'ru' as const,
  template: 'test.hello',
  ...renderEmail({
    locale: 'ru',
    subject: 'Привет <и> здравствуйте',
    heading: 'Здравствуйте, <b>Вера</b>',
    paragraphs: ['Первый абзац.'],
    action: { label: 'Открыть', url: 'http://localhost/x?a=1&b=2' },
  }),
  dedupeKey,
})

describe('mail', () => {
  test('a message is text and HTML, with everything interpolated escaped', () => {
    const m = message('a@example.org')
    expect(m.html).toContain('<html lang="ru">')
    expect(m.html).toContain('Здравствуйте, &lt;b&gt;Вера&lt;/b&gt;')
    expect(m.html).toContain('href="http://localhost/x?a=1&amp;b=2"')
    expect(m.text).toContain('Открыть: http://localhost/x?a=1&b=2')
    expect(m.text).toContain('Клуб «Открытая Россия»')
  })

  test('a dedupe key makes a second queueing of the same message a no-op', () => {
    const db = getDb()
    expect(queueEmail(db, message('b@example.org', 'once:1'))).toBe(true)
    expect(queueEmail(db, message('b@example.org', 'once:1'))).toBe(false)
    expect(db.select().from(outgoingEmails).where(eq(outgoingEmails.dedupeKey, 'once:1')).all()).toHaveLength(1)
  })

  describe('over real SMTP', () => {
    let mailbox: Mailbox
    beforeAll(async () => {
      mailbox = await startMailbox()
      initEnv({ ...process.env, SMTP_URL: mailbox.url })
    })
    afterAll(async () => {
      initEnv({ ...process.env, SMTP_URL: undefined })
      await mailbox.close()
    })

    test('queued messages are delivered once, even when delivery is asked for concurrently', async () => {
      const db = getDb()
      queueEmail(db, message('c@example.org'))
      await Promise.all([deliverQueuedEmails(), deliverQueuedEmails(), deliverQueuedEmails()])
      const received = await mailbox.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes('c@example.org'))
      expect(received.subject).toBe('Привет <и> здравствуйте')
      expect(received.html).toContain('Здравствуйте, &lt;b&gt;Вера&lt;/b&gt;')
      expect(received.text).toContain('Первый абзац.')
      expect(received.headers.get('content-language')).toBe('ru')
      await deliverQueuedEmails()
      expect(mailbox.messages.filter((m) => JSON.stringify(m.to).includes('c@example.org'))).toHaveLength(1)
      const row = db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'c@example.org')).get()
      expect(row?.status).toBe('sent')
    })

    test('a failed delivery stays queued with its error, and is retried', async () => {
      const db = getDb()
      initEnv({ ...process.env, SMTP_URL: 'smtp://127.0.0.1:1' })
      queueEmail(db, message('d@example.org'))
      await deliverQueuedEmails()
      const row = db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'd@example.org')).get()
      expect(row?.status).toBe('queued')
      expect(row?.attempts).toBe(1)
      expect(row?.lastError).toBeTruthy()
      // The server is reachable again: the next pass delivers it.
      initEnv({ ...process.env, SMTP_URL: mailbox.url })
      await deliverQueuedEmails()
      await mailbox.waitFor((m) => JSON.stringify(m.to).includes('d@example.org'))
      expect(db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'd@example.org')).get()?.status).toBe('sent')
    })
  })
})
