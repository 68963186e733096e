/**
 * Walk-ins: tickets sold at the door, paid in cash or on a separate card reader, and admitted at
 * once. The sale goes through the same hold as an online booking (createHold: capacity, quotas,
 * sales windows, members-only types), then, in the same immediate transaction, the order is paid,
 * its tickets issued with signed codes, admitted, and the money recorded in door_sales with how it
 * was taken. The request's nonce is unique there: a double tap or a retry sells once and answers
 * the same tickets.
 */
import type { Db, Tx } from '#db/client.server'
import { stmt } from '#db/prepared.server'
import type { DoorPayment, Locale } from '#db/schema'
import { createHold, MAX_SEATS_PER_ORDER, type BookingError } from '~/ticketing/booking.server'
import { doorEvent, orderRef, type Actor, type CheckinNews, type DoorTicket } from './door.server'
import { publishDoorChange } from './live.server'
import { doorNight } from './night'
import { codeHash, randomSerial, signCode } from './signed-codes.server'

export type WalkInInput = {
  eventId: number
  ticketTypeId: number
  quantity: number
  holderName?: string | null
  payment: DoorPayment
  amountPence: number
  nonce: string
  deviceId?: string | null
  locale: Locale
}

export type WalkInError = BookingError | { code: 'amount_mismatch'; expectedPence: number; currency: string } | { code: 'stale' } | { code: 'nonce_reused' }

export type WalkInAnswer =
  | { ok: true; body: { status: 'sold'; tickets: DoorTicket[]; admitted: true; orderId: number } }
  | { ok: false; error: WalkInError }

class Refused extends Error {
  constructor(readonly error: WalkInError) {
    super(error.code)
  }
}

type TypeRow = { nameEn: string; nameRu: string; pricePence: number; currency: string; membersOnly: number }

function soldTickets(tx: Tx | Db, orderId: number, locale: Locale): DoorTicket[] {
  return stmt<{ id: number; holder: string | null; nameEn: string; nameRu: string; code: string; membersOnly: number }>(
    tx,
    `select t.id, coalesce(t.holder_name, '') as holder, tt.name_en as nameEn, tt.name_ru as nameRu, o.code, tt.members_only as membersOnly
     from tickets t join orders o on o.id = t.order_id join ticket_types tt on tt.id = t.ticket_type_id where t.order_id = ? order by t.id`,
  )
    .all(orderId)
    .map((t) => ({ id: t.id, holder: t.holder ?? '', type: locale === 'ru' ? t.nameRu : t.nameEn, member: t.membersOnly === 1, orderRef: orderRef(t.code) }))
}

export function sellAtDoor(db: Db, input: WalkInInput, actor: Actor, now = Date.now()): WalkInAnswer | null {
  const event = doorEvent(db, input.eventId)
  if (!event) return null
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_SEATS_PER_ORDER) return { ok: false, error: { code: 'bad_quantity' } }
  // Signing is the slow part: done before the write lock.
  const codes = Array.from({ length: input.quantity }, () => signCode({ k: 't', e: input.eventId, s: randomSerial() }))
  const news: CheckinNews[] = []
  try {
    const body = db.transaction(
      (tx) => {
        const earlier = stmt<{ orderId: number; eventId: number }>(tx, `select order_id as orderId, event_id as eventId from door_sales where nonce = ?`).get(input.nonce)
        if (earlier) {
          if (earlier.eventId !== input.eventId) throw new Refused({ code: 'nonce_reused' })
          return { status: 'sold' as const, tickets: soldTickets(tx, earlier.orderId, input.locale), admitted: true as const, orderId: earlier.orderId }
        }
        if (stmt(tx, `select 1 from door_scans where nonce = ? union all select 1 from check_in_undos where nonce = ?`).get(input.nonce, input.nonce)) {
          throw new Refused({ code: 'nonce_reused' })
        }
        if (now > doorNight(event).wipeAfter) throw new Refused({ code: 'stale' })
        const type = stmt<TypeRow>(
          tx,
          `select name_en as nameEn, name_ru as nameRu, price_pence as pricePence, currency, members_only as membersOnly from ticket_types where id = ? and event_id = ? and archived_at is null`,
        ).get(input.ticketTypeId, input.eventId)
        if (!type) throw new Refused({ code: 'unknown_type' })
        // The door takes the list price; a mistyped amount is refused, not recorded as a discount.
        const expected = type.pricePence * input.quantity
        if (input.amountPence !== expected) throw new Refused({ code: 'amount_mismatch', expectedPence: expected, currency: type.currency })
        // Nested in this transaction, the hold is a savepoint: refused, it leaves nothing behind.
        const hold = createHold(db, { eventId: input.eventId, quantities: new Map([[input.ticketTypeId, input.quantity]]), buyerName: input.holderName ?? null, locale: input.locale }, now)
        if (!hold.ok) throw new Refused(hold.error)
        stmt(tx, `update orders set status = 'paid', paid_at = ?, updated_at = ? where id = ? and status = 'pending'`).run(now, now, hold.orderId)
        const deviceId = input.deviceId ?? null
        for (const code of codes) {
          const ticketId = Number(
            stmt(tx, `insert into tickets (order_id, event_id, ticket_type_id, code, holder_name, status, created_at) values (?, ?, ?, ?, ?, 'valid', ?)`).run(
              hold.orderId,
              input.eventId,
              input.ticketTypeId,
              code,
              input.holderName ?? null,
              now,
            ).lastInsertRowid,
          )
          stmt(tx, `insert into check_ins (ticket_id, checked_in_at, staff_user_id, method, device_id, created_at) values (?, ?, ?, 'walk_in', ?, ?)`).run(ticketId, now, actor.userId, deviceId, now)
          news.push({ hash: codeHash(code), ticketId, status: 'admitted', at: now, by: { name: actor.name, deviceId } })
        }
        stmt(tx, `insert into door_sales (nonce, order_id, event_id, payment, amount_pence, currency, sold_by_user_id, device_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
          input.nonce,
          hold.orderId,
          input.eventId,
          input.payment,
          input.amountPence,
          type.currency,
          actor.userId,
          deviceId,
          now,
        )
        return { status: 'sold' as const, tickets: soldTickets(tx, hold.orderId, input.locale), admitted: true as const, orderId: hold.orderId }
      },
      { behavior: 'immediate' },
    )
    if (news.length > 0) publishDoorChange(input.eventId, news)
    return { ok: true, body }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.error }
    throw error
  }
}
