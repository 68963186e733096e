/**
 * A few demo orders, so the staff order lists and the member's ticket page are not empty on a
 * fresh demo: the member's RSVP to the first free event, two paid guest orders and a lapsed hold on
 * the first paid one. (No Stripe objects: the sandbox starts empty; these were "paid" before.)
 */
import crypto from 'node:crypto'
import { and, asc, eq, gt } from 'drizzle-orm'
import type { DbOrTx } from '../client.server'
import { events, orderItems, orders, tickets, ticketTypes, users } from '../schema'

const code = (bytes: number) => crypto.randomBytes(bytes).toString('base64url')

export function seedTicketing(tx: DbOrTx, now: number) {
  const upcoming = tx.select().from(events).where(and(eq(events.status, 'published'), gt(events.startsAt, now))).orderBy(asc(events.startsAt)).all()
  const typesOf = (eventId: number) => tx.select().from(ticketTypes).where(eq(ticketTypes.eventId, eventId)).orderBy(asc(ticketTypes.position)).all()
  const free = upcoming.find((e) => typesOf(e.id).some((t) => t.pricePence === 0 && !t.membersOnly))
  const paid = upcoming.find((e) => typesOf(e.id).some((t) => t.pricePence > 0 && !t.membersOnly))
  const member = tx.select().from(users).where(eq(users.email, 'member@demo.openrussia.club')).get()

  const order = (
    event: typeof events.$inferSelect,
    type: typeof ticketTypes.$inferSelect,
    quantity: number,
    o: { userId?: number | null; name: string; email: string; locale: 'en' | 'ru'; status: 'paid' | 'expired'; ago: number },
  ) => {
    const createdAt = now - o.ago
    const row = tx
      .insert(orders)
      .values({
        code: code(24),
        eventId: event.id,
        userId: o.userId ?? null,
        buyerName: o.name,
        buyerEmail: o.email,
        locale: o.locale,
        status: o.status,
        totalPence: type.pricePence * quantity,
        currency: type.currency,
        expiresAt: createdAt + 30 * 60 * 1000,
        paidAt: o.status === 'paid' ? createdAt + 5 * 60 * 1000 : null,
        createdAt,
        updatedAt: createdAt,
      })
      .returning()
      .get()
    tx.insert(orderItems).values({ orderId: row.id, ticketTypeId: type.id, quantity, unitPricePence: type.pricePence }).run()
    if (o.status === 'paid') {
      for (let i = 0; i < quantity; i++) tx.insert(tickets).values({ orderId: row.id, eventId: event.id, ticketTypeId: type.id, code: code(18), holderName: o.name, createdAt }).run()
    }
  }

  if (free) {
    const type = typesOf(free.id).find((t) => t.pricePence === 0 && !t.membersOnly)!
    if (member) order(free, type, 1, { userId: member.id, name: member.name, email: member.email!, locale: member.locale, status: 'paid', ago: 2 * 86_400_000 })
    order(free, type, 2, { name: 'Olga Smirnova', email: 'olga@example.org', locale: 'ru', status: 'paid', ago: 86_400_000 })
  }
  if (paid) {
    const type = typesOf(paid.id).find((t) => t.pricePence > 0 && !t.membersOnly)!
    order(paid, type, 2, { name: 'James Whitfield', email: 'james@example.org', locale: 'en', status: 'paid', ago: 3 * 86_400_000 })
    order(paid, type, 1, { name: 'Nadia K.', email: 'nadia@example.org', locale: 'ru', status: 'paid', ago: 86_400_000 })
    order(paid, type, 3, { name: 'Guest', email: 'lapsed@example.org', locale: 'en', status: 'expired', ago: 6 * 3_600_000 })
  }
}
