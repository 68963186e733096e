/**
 * Helpers for the door tests: an event happening tonight with tickets made the real way (booked
 * and confirmed over HTTP, so their codes are signed by fulfilment), and JSON calls to the door API.
 */
import crypto from 'node:crypto'
import { book, createTestEvent, query, rsvp, type TestType } from './ticketing'

export type DoorTicket = { id: number; code: string; orderCode: string; name: string; email: string }

/** A published event starting now (its door night is tonight), with free RSVP tickets for each buyer. */
export async function eventTonight(
  app: { url: string; databasePath: string },
  buyers: { name: string; email: string; quantity?: number }[],
  { capacity = 500, types = [{ pricePence: 0, quota: 500, maxPerOrder: 10, nameEn: 'Free entry' }] as TestType[] } = {},
) {
  const event = createTestEvent(app.databasePath, { capacity, types, startsInDays: 0 })
  const tickets: DoorTicket[] = []
  for (const buyer of buyers) {
    const held = await book(app.url, event.slug, { [event.typeIds[0]!]: buyer.quantity ?? 1 })
    if (!held.code) throw new Error(`booking failed: ${held.status} ${held.text.slice(0, 300)}`)
    // A free RSVP counts once its email is confirmed: rsvp() enters the emailed code.
    const confirmed = await rsvp(app.url, app.databasePath, held.code, { name: buyer.name, email: buyer.email })
    if (confirmed.status !== 303) throw new Error(`confirm failed: ${confirmed.status}`)
    for (const t of query<{ id: number; code: string }>(app.databasePath, 'select t.id, t.code from tickets t join orders o on o.id = t.order_id where o.code = ? order by t.id', held.code)) {
      tickets.push({ id: t.id, code: t.code, orderCode: held.code, name: buyer.name, email: buyer.email })
    }
  }
  return { ...event, tickets }
}

export const nonce = () => crypto.randomBytes(16).toString('base64url')

/** A JSON call to the door API, as the door screen makes it (same origin, session cookie). */
export async function doorApi(app: { url: string }, cookie: string | null, path: string, body?: unknown, init: { headers?: Record<string, string>; raw?: string } = {}) {
  const res = await fetch(`${app.url}/api/door/events/${path}`, {
    method: body === undefined && init.raw === undefined ? 'GET' : 'POST',
    redirect: 'manual',
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json', origin: app.url } : {}),
      ...init.headers,
    },
    body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  const text = await res.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch {
    // Not JSON: the test looks at `text`.
  }
  return { status: res.status, json, text, headers: res.headers }
}
