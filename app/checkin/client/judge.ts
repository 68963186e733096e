/**
 * Judging a scan on the device, when the server does not answer: the signature tells a forged code
 * from ours, the list (by the code's SHA-256) tells who holds it and whether it is void, unpaid or
 * already used; a valid code that is not on the list was sold after the list was taken and is let
 * in as such. "Already used" is known offline only from the list and this device's own scans.
 */
import { nameKeys, nameMatches } from '../name-search'
import { codeHash, readCode, verifySignature } from './codes'
import type { Snapshot, Verdict } from './types'

/** The London date (YYYY-MM-DD) of an instant: what a card's "valid until" is compared with. */
export function londonDate(at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

export async function judgeOffline(snapshot: Snapshot, code: string, now = Date.now()): Promise<{ verdict: Verdict; hash: string | null }> {
  const read = readCode(code)
  if (read.kind === 'malformed') return { verdict: { status: 'refused', reason: 'unknown', offline: true }, hash: null }
  if (!(await verifySignature(snapshot.publicKey, read.body, read.signature)))
    return { verdict: { status: 'refused', reason: 'forged', offline: true }, hash: null }
  if (read.kind === 'card') {
    // Offline we know the card is ours and until when; whose it is, only the server knows.
    const valid = read.until >= londonDate(Math.max(now, snapshot.startsAt))
    return { verdict: { status: 'member_card', card: { valid, validUntil: read.until }, offline: true }, hash: null }
  }
  if (read.eventId !== snapshot.eventId) return { verdict: { status: 'refused', reason: 'other_event', offline: true }, hash: null }
  const hash = await codeHash(code)
  const ticket = snapshot.tickets.find((t) => t.h === hash)
  if (snapshot.revoked.includes(hash) || ticket?.status === 'void')
    return { verdict: { status: 'refused', reason: 'void', offline: true, ticket: ticket && summary(snapshot, ticket) }, hash }
  if (!ticket) return { verdict: { status: 'admitted', offline: true, notOnList: true }, hash }
  if (ticket.status === 'unpaid') return { verdict: { status: 'refused', reason: 'unpaid', offline: true, ticket: summary(snapshot, ticket) }, hash }
  if (ticket.checkedInAt)
    return { verdict: { status: 'refused', reason: 'already_checked_in', checkedInAt: ticket.checkedInAt, offline: true, ticket: summary(snapshot, ticket) }, hash }
  return { verdict: { status: 'admitted', offline: true, ticket: summary(snapshot, ticket) }, hash }
}

/** Admitting by ticket id (from a search result) on the device. */
export function judgeTicketOffline(snapshot: Snapshot, ticketId: number): Verdict {
  const ticket = snapshot.tickets.find((t) => t.id === ticketId)
  if (!ticket) return { status: 'refused', reason: 'unknown', offline: true }
  const s = summary(snapshot, ticket)
  if (ticket.status !== 'valid' || snapshot.revoked.includes(ticket.h)) return { status: 'refused', reason: ticket.status === 'unpaid' ? 'unpaid' : 'void', offline: true, ticket: s }
  if (ticket.checkedInAt) return { status: 'refused', reason: 'already_checked_in', checkedInAt: ticket.checkedInAt, offline: true, ticket: s }
  return { status: 'admitted', offline: true, ticket: s }
}

function summary(snapshot: Snapshot, t: Snapshot['tickets'][number]) {
  return { id: t.id, holder: t.name, type: snapshot.types.find((ty) => ty.id === t.type)?.name ?? '', member: t.member }
}

/** Tonight's names matching what was typed (every word), at most `limit`; the whole list is never shown. */
export function searchOffline(snapshot: Snapshot, query: string, limit = 20) {
  // The server's own matching (name-search.ts), so the device finds whom the server would.
  const keys = nameKeys(query.slice(0, 100))
  if (keys.join('').length < 2) return []
  return searchOfflineWhere(snapshot, (t) => t.name !== '' && nameMatches(keys, t.name)).slice(0, limit)
}

/** An order's tickets by its code (typed or read off a confirmation): the list holds only its hash. */
export async function searchOfflineByOrder(snapshot: Snapshot, orderCode: string) {
  const trimmed = orderCode.trim()
  if (!/^[A-Za-z0-9_-]{6,64}$/.test(trimmed)) return []
  const h = await codeHash(trimmed)
  return searchOfflineWhere(snapshot, (t) => t.o === h, trimmed)
}

function searchOfflineWhere(snapshot: Snapshot, match: (t: Snapshot['tickets'][number]) => boolean, orderRef = '') {
  return snapshot.tickets.filter(match).map((t) => ({
    ticketId: t.id,
    holder: t.name,
    type: snapshot.types.find((ty) => ty.id === t.type)?.name ?? '',
    orderRef,
    orderHash: t.o,
    checkedInAt: t.checkedInAt,
    status: t.status,
  }))
}
