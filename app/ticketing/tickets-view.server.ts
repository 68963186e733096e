/** Reading an order with what belongs to it: its event, venue, lines and tickets. */
import { asc, eq } from 'drizzle-orm'
import QRCode from 'qrcode'
import type { DbOrTx } from '#db/client.server'
import { events, orderItems, orders, tickets, ticketTypes, venues } from '#db/schema'

export function readOrderDetail(db: DbOrTx, orderId: number) {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get()
  if (!order) return null
  const event = db.select().from(events).where(eq(events.id, order.eventId)).get()!
  const venue = event.venueId ? (db.select().from(venues).where(eq(venues.id, event.venueId)).get() ?? null) : null
  const items = db
    .select({ ticketTypeId: orderItems.ticketTypeId, quantity: orderItems.quantity, unitPricePence: orderItems.unitPricePence, nameEn: ticketTypes.nameEn, nameRu: ticketTypes.nameRu })
    .from(orderItems)
    .innerJoin(ticketTypes, eq(ticketTypes.id, orderItems.ticketTypeId))
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.id))
    .all()
  const ticketRows = db
    .select({ id: tickets.id, code: tickets.code, status: tickets.status, ticketTypeId: tickets.ticketTypeId, nameEn: ticketTypes.nameEn, nameRu: ticketTypes.nameRu })
    .from(tickets)
    .innerJoin(ticketTypes, eq(ticketTypes.id, tickets.ticketTypeId))
    .where(eq(tickets.orderId, orderId))
    .orderBy(asc(tickets.id))
    .all()
  return { order, event, venue, items, tickets: ticketRows }
}

export type OrderDetail = NonNullable<ReturnType<typeof readOrderDetail>>

/** The QR code of a ticket: its secret code, nothing else. */
export function qrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 280 })
}

export function qrDataUrl(code: string): Promise<string> {
  return QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 280 })
}
