/** Reading the local outbox. Only in demo mode: with a real deployment these pages are 404. */
import { desc, eq } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { outgoingEmails } from '#db/schema'
import { getEnv } from '~/env.server'
import { notFound } from '~/utils/http.server'

function requireDemo() {
  if (!getEnv().DEMO_MODE) throw notFound()
}

export function listOutbox(limit = 100) {
  requireDemo()
  return getDb()
    .select({
      id: outgoingEmails.id,
      toAddress: outgoingEmails.toAddress,
      subject: outgoingEmails.subject,
      template: outgoingEmails.template,
      createdAt: outgoingEmails.createdAt,
    })
    .from(outgoingEmails)
    .orderBy(desc(outgoingEmails.id))
    .limit(limit)
    .all()
}

export function getOutboxMessage(id: number) {
  if (!getEnv().DEMO_MODE) return undefined
  return getDb().select().from(outgoingEmails).where(eq(outgoingEmails.id, id)).get()
}

/** `cid:` images (QR codes) only resolve inside a mail client; in the browser they become data: URIs. */
export function outboxHtmlWithInlineImages(message: NonNullable<ReturnType<typeof getOutboxMessage>>) {
  let html = message.html
  for (const a of message.attachments) {
    if (a.cid) html = html.replaceAll(`cid:${a.cid}`, `data:${a.contentType};base64,${a.content}`)
  }
  return html
}

/** What a message carries besides its text: name, type and size of each attachment, in order. */
export function outboxAttachments(message: NonNullable<ReturnType<typeof getOutboxMessage>>) {
  return message.attachments.map((a, index) => ({
    index,
    filename: a.filename,
    contentType: a.contentType,
    bytes: Buffer.from(a.content, 'base64').length,
    inline: Boolean(a.cid),
  }))
}

/** One attachment's bytes, or undefined for an unknown message or index. */
export function outboxAttachment(id: number, index: number) {
  const a = getOutboxMessage(id)?.attachments[index]
  return a ? { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') } : undefined
}
