/**
 * The ticket state a visitor sees, from the one definition of availability
 * (~/ticketing/availability.server). "Few left": at most 5 seats, or under 10% of the capacity,
 * whichever is larger — 5 seats of a 40-seat training, 12 of a 150-seat screening.
 */
import type { EventAvailability } from '~/ticketing/availability.server'

export const TICKET_STATES = ['on_sale', 'few_left', 'sold_out', 'not_yet', 'members_only', 'cancelled', 'closed'] as const
export type TicketState = (typeof TICKET_STATES)[number]

export const FEW_LEFT_SEATS = 5
export const FEW_LEFT_SHARE = 0.1

/** Seats that can still be booked: limited by the event's capacity and by the types on sale. */
export function bookableSeats(avail: EventAvailability, types: { ticketTypeId: number; membersOnly: boolean }[], { membersOnly }: { membersOnly?: boolean } = {}) {
  const flags = new Map(types.map((t) => [t.ticketTypeId, t.membersOnly]))
  const open = avail.types.filter((t) => t.onSale === 'on_sale' && (membersOnly === undefined || flags.get(t.ticketTypeId) === membersOnly))
  return Math.min(avail.remaining, open.reduce((sum, t) => sum + t.remaining, 0))
}

export function isFewLeft(bookable: number, capacity: number) {
  return bookable > 0 && (bookable <= FEW_LEFT_SEATS || bookable < capacity * FEW_LEFT_SHARE)
}

export function ticketStateOf(
  event: { status: string; endsAt: number },
  avail: EventAvailability | null,
  types: { ticketTypeId: number; membersOnly: boolean }[],
  now: number,
): TicketState {
  if (event.status === 'cancelled') return 'cancelled'
  if (event.endsAt <= now) return 'closed'
  if (!avail || avail.types.length === 0) return 'not_yet'
  const onSale = avail.types.filter((t) => t.onSale === 'on_sale')
  if (onSale.length === 0) return avail.types.some((t) => t.onSale === 'not_yet') ? 'not_yet' : 'closed'
  const bookable = bookableSeats(avail, types)
  if (bookable === 0) return avail.types.some((t) => t.onSale === 'not_yet') && avail.remaining > 0 ? 'not_yet' : 'sold_out'
  if (bookableSeats(avail, types, { membersOnly: false }) === 0) return 'members_only'
  return isFewLeft(bookable, avail.capacity) ? 'few_left' : 'on_sale'
}

/** States in which the booking entry point is offered. */
export function canBook(state: TicketState) {
  return state === 'on_sale' || state === 'few_left' || state === 'members_only'
}
