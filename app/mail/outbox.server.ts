/**
 * Outgoing mail. A message is written to `outgoing_emails` inside the transaction that causes it
 * (so an order is never paid without its confirmation, nor confirmed twice: `dedupeKey` is unique),
 * and delivered after the commit: over SMTP when SMTP_URL is set, otherwise it stays in the local
 * outbox that /outbox shows in demo mode.
 */
import { and, asc, eq, lt } from 'drizzle-orm'
import nodemailer, { type Transporter } from 'nodemailer'
import { getDb, type DbOrTx } from '#db/client.server'
import { outgoingEmails, type Locale } from '#db/schema'
import { getEnv } from '~/env.server'

export type Attachment = { filename: string; contentType: string; content: Buffer; cid?: string }

export type OutgoingEmail = {
  to: string
  locale: Locale
  /** Which template made it, e.g. `accounts.confirm-email`: for the outbox and for tests. */
  template: string
  subject: string
  text: string
  html: string
  attachments?: Attachment[]
  /** Makes "at most one of these" a database constraint, e.g. `order-confirmation:42`. */
  dedupeKey?: string
}

const MAX_ATTEMPTS = 8

/** Queues a message in the caller's transaction. Returns false if its dedupeKey was queued before. */
export function queueEmail(tx: DbOrTx, email: OutgoingEmail): boolean {
  const result = tx
    .insert(outgoingEmails)
    .values({
      toAddress: email.to,
      locale: email.locale,
      template: email.template,
      subject: email.subject,
      text: email.text,
      html: email.html,
      dedupeKey: email.dedupeKey ?? null,
      attachments: (email.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content.toString('base64'),
        ...(a.cid ? { cid: a.cid } : {}),
      })),
    })
    .onConflictDoNothing({ target: outgoingEmails.dedupeKey })
    .run()
  return result.changes === 1
}

let transporter: { url: string; transport: Transporter } | undefined
function smtp(): Transporter | null {
  const url = getEnv().SMTP_URL
  if (!url) return null
  if (transporter?.url !== url) transporter = { url, transport: nodemailer.createTransport(url) }
  return transporter.transport
}

let running: Promise<number> | null = null
let again = false

/**
 * Delivers what is queued. Safe to call often and concurrently: one delivery pass runs at a time
 * and a call during a pass schedules one more. Resolves with the number of messages handled.
 */
export function deliverQueuedEmails(): Promise<number> {
  if (running) {
    again = true
    return running
  }
  running = (async () => {
    let handled = 0
    do {
      again = false
      handled += await deliveryPass()
    } while (again)
    return handled
  })().finally(() => {
    running = null
  })
  return running
}

async function deliveryPass(): Promise<number> {
  const db = getDb()
  const queued = db
    .select()
    .from(outgoingEmails)
    .where(and(eq(outgoingEmails.status, 'queued'), lt(outgoingEmails.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(outgoingEmails.id))
    .limit(50)
    .all()
  const transport = smtp()
  const from = getEnv().MAIL_FROM
  for (const m of queued) {
    if (!transport) {
      // No SMTP: the local outbox is the destination. Staff read it at /outbox in demo mode.
      db.update(outgoingEmails).set({ status: 'sent', sentAt: Date.now(), attempts: m.attempts + 1 }).where(eq(outgoingEmails.id, m.id)).run()
      continue
    }
    try {
      await transport.sendMail({
        from,
        to: m.toAddress,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: { 'Content-Language': m.locale },
        attachments: m.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.content, 'base64'),
          ...(a.cid ? { cid: a.cid } : {}),
        })),
      })
      db.update(outgoingEmails).set({ status: 'sent', sentAt: Date.now(), attempts: m.attempts + 1, lastError: null }).where(eq(outgoingEmails.id, m.id)).run()
    } catch (error) {
      const attempts = m.attempts + 1
      db.update(outgoingEmails)
        .set({
          attempts,
          lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
        })
        .where(eq(outgoingEmails.id, m.id))
        .run()
    }
  }
  return queued.length
}

let retryTimer: NodeJS.Timeout | undefined

/**
 * Call after committing a transaction that queued mail: delivery starts without delaying the
 * response. The first call also starts a retry loop for messages whose SMTP attempt failed. Only
 * the Remix bundle delivers (server.ts never imports this), so one pass runs at a time.
 */
export function kickMailer() {
  retryTimer ??= setInterval(() => void deliverQueuedEmails().catch(() => {}), 30_000).unref()
  setImmediate(() => {
    deliverQueuedEmails().catch((error) => console.error('mail delivery failed', error))
  })
}
