/**
 * The door on an event night: redeem (admit once), undo, counts, tonight's list for offline use,
 * and the search by name, email or order code. Walk-in sales are in walk-in.server.ts.
 *
 * Once only: a ticket's admission is a row in check_ins, whose ticket id is unique; the insert is
 * `on conflict do nothing` inside an immediate transaction, so of any number of simultaneous scans
 * exactly one inserts and the rest read who did. Each request's client nonce is a primary key in
 * door_scans holding the verdict it was given: a retry (or an offline queue sent twice) answers the
 * same verdict and writes nothing; the nonce with another code is refused.
 *
 * Scans that arrive together share one COMMIT (db/group-commit.server.ts), and nobody is answered
 * before it is on disk. Signatures are checked before the write lock is taken.
 */
import { getDb, type Db, type DbOrTx } from '#db/client.server'
import { inGroupCommit } from '#db/group-commit.server'
import { stmt } from '#db/prepared.server'
import type { Locale } from '#db/schema'
import { publishDoorChange, setCountsSource } from './live.server'
import { lookUpCard, membersAmong, type CardStatus } from './membership-link.server'
import { nameKeys, nameMatches } from './name-search'
import { doorNight } from './night'
import { codeHash, doorPublicKey, verifyCode } from './signed-codes.server'

export type RefusalReason = 'already_checked_in' | 'other_event' | 'void' | 'unpaid' | 'unknown' | 'forged' | 'stale'

export type DoorTicket = { id: number; holder: string; type: string; member: boolean; orderRef: string }

export type RedeemVerdict =
  | {
      status: 'admitted' | 'refused'
      reason?: RefusalReason
      ticket?: DoorTicket
      checkedInAt?: number
      by?: { name: string; deviceId: string | null }
      conflict?: boolean
    }
  | { status: 'member_card'; card: CardStatus }

export type RedeemAnswer = { httpStatus: 200; body: RedeemVerdict } | { httpStatus: 409; body: { status: 'refused'; reason: 'nonce_reused' } }

export type Actor = { userId: number; name: string }

export type RedeemInput = {
  eventId: number
  code?: string
  ticketId?: number
  nonce: string
  deviceId?: string | null
  /** When an offline device scanned (ms); absent for live scans. */
  scannedAt?: number
  offline?: boolean
  locale: Locale
}

/** An offline scan may carry a clock a little ahead of ours. */
const CLOCK_SKEW_MS = 5 * 60_000
const PAID = `('paid', 'partially_refunded')`

type EventRow = { id: number; titleEn: string; titleRu: string; startsAt: number; endsAt: number; status: string }

export function doorEvent(db: DbOrTx, eventId: number): EventRow | null {
  return (
    stmt<EventRow>(db, `select id, title_en as titleEn, title_ru as titleRu, starts_at as startsAt, ends_at as endsAt, status from events where id = ?`).get(eventId) ?? null
  )
}

type TicketRow = {
  id: number
  eventId: number
  typeId: number
  status: 'valid' | 'void'
  holderName: string | null
  buyerName: string | null
  orderCode: string
  orderStatus: string
  userId: number | null
  typeEn: string
  typeRu: string
  membersOnly: number
}

const TICKET_SQL = `
  select t.id, t.event_id as eventId, t.ticket_type_id as typeId, t.status, t.holder_name as holderName,
    o.buyer_name as buyerName, o.code as orderCode, o.status as orderStatus, o.user_id as userId,
    tt.name_en as typeEn, tt.name_ru as typeRu, tt.members_only as membersOnly
  from tickets t join orders o on o.id = t.order_id join ticket_types tt on tt.id = t.ticket_type_id`

function ticketByCode(db: DbOrTx, code: string): TicketRow | undefined {
  return stmt<TicketRow>(db, `${TICKET_SQL} where t.code = ?`).get(code)
}
function ticketById(db: DbOrTx, id: number): TicketRow | undefined {
  return stmt<TicketRow>(db, `${TICKET_SQL} where t.id = ?`).get(id)
}

type CheckInRow = { checkedInAt: number; deviceId: string | null; staffUserId: number | null; staffName: string | null }
function checkInOf(db: DbOrTx, ticketId: number): CheckInRow | undefined {
  return stmt<CheckInRow>(
    db,
    `select c.checked_in_at as checkedInAt, c.device_id as deviceId, c.staff_user_id as staffUserId, u.name as staffName
     from check_ins c left join users u on u.id = c.staff_user_id where c.ticket_id = ?`,
  ).get(ticketId)
}

/** The last four characters of the order code: enough to tell orders apart aloud, useless to guess with. */
export function orderRef(orderCode: string) {
  return orderCode.slice(-4)
}

function holderOf(t: { holderName: string | null; buyerName: string | null }) {
  return t.holderName ?? t.buyerName ?? ''
}

/** valid / void / unpaid, as the door judges a ticket. */
function standing(t: { status: string; orderStatus: string }): 'valid' | 'void' | 'unpaid' {
  if (t.status === 'void' || t.orderStatus === 'refunded' || t.orderStatus === 'cancelled') return 'void'
  if (t.orderStatus !== 'paid' && t.orderStatus !== 'partially_refunded') return 'unpaid'
  return 'valid'
}

function doorTicket(db: DbOrTx, t: TicketRow, locale: Locale, now: number): DoorTicket {
  const member = t.membersOnly === 1 || (t.userId !== null && membersAmong(db, [t.userId], now).has(t.userId))
  return { id: t.id, holder: holderOf(t), type: locale === 'ru' ? t.typeRu : t.typeEn, member, orderRef: orderRef(t.orderCode) }
}

/** What was scanned, judged before the write lock: the signature check is the costly part. */
type Scanned =
  | { kind: 'code'; code: string; subject: string; signedEvent: number | null }
  | { kind: 'ticket'; ticketId: number; subject: string }
  | { kind: 'card'; cardId: string; validUntil: string }
  | { kind: 'refused'; reason: 'forged' }

function readScan(input: RedeemInput): Scanned {
  if (input.ticketId !== undefined) return { kind: 'ticket', ticketId: input.ticketId, subject: `t:${input.ticketId}` }
  const code = (input.code ?? '').trim()
  const verified = verifyCode(code)
  if (verified.ok && verified.payload.k === 'm') return { kind: 'card', cardId: verified.payload.c, validUntil: verified.payload.u }
  if (!verified.ok && verified.reason === 'forged') return { kind: 'refused', reason: 'forged' }
  // A signed ticket code, or an unsigned one issued before codes were signed (still valid online).
  return { kind: 'code', code, subject: `h:${codeHash(code)}`, signedEvent: verified.ok && verified.payload.k === 't' ? verified.payload.e : null }
}

type Judged = { verdict: RedeemVerdict; ticketId?: number; subject?: string; changed?: CheckinNews }
export type CheckinNews = { hash: string | null; ticketId: number; status: 'admitted' | 'undone'; at: number; by: { name: string; deviceId: string | null } }

/** The whole judgement, inside the transaction. */
function judge(tx: DbOrTx, input: RedeemInput, scanned: Scanned, actor: Actor, event: EventRow, now: number): Judged {
  const refused = (reason: RefusalReason, extra: Partial<Extract<RedeemVerdict, { status: 'refused' | 'admitted' }>> = {}): RedeemVerdict => ({ status: 'refused', reason, ...extra })
  if (scanned.kind === 'refused') return { verdict: refused(scanned.reason) }
  if (scanned.kind === 'card') {
    const card = lookUpCard(tx, scanned.cardId, now, input.locale)
    return { verdict: card ? { status: 'member_card', card } : refused('unknown') }
  }
  const night = doorNight(event)
  const at = input.offline && input.scannedAt !== undefined ? input.scannedAt : now
  // Yesterday's queue, a clock far off, or a night that is over: nothing is admitted.
  if (at < night.opensAt || at > now + CLOCK_SKEW_MS || now > night.wipeAfter) return { verdict: refused('stale') }
  if (scanned.kind === 'code' && scanned.signedEvent !== null && scanned.signedEvent !== input.eventId) return { verdict: refused('other_event') }
  const ticket = scanned.kind === 'code' ? ticketByCode(tx, scanned.code) : ticketById(tx, scanned.ticketId)
  if (!ticket) return { verdict: refused('unknown') }
  if (ticket.eventId !== input.eventId) return { verdict: refused('other_event') }
  const shown = doorTicket(tx, ticket, input.locale, now)
  const base = { ticketId: ticket.id, subject: scanned.subject }
  const state = standing(ticket)
  if (state !== 'valid') return { ...base, verdict: refused(state, { ticket: shown }) }
  const method = input.offline ? 'offline_sync' : scanned.kind === 'ticket' ? 'search' : 'scan'
  const deviceId = input.deviceId ?? null
  const inserted = stmt(
    tx,
    `insert into check_ins (ticket_id, checked_in_at, staff_user_id, method, device_id, created_at) values (?, ?, ?, ?, ?, ?) on conflict (ticket_id) do nothing`,
  ).run(ticket.id, at, actor.userId, method, deviceId, now)
  if (inserted.changes === 1) {
    const by = { name: actor.name, deviceId }
    return {
      ...base,
      verdict: { status: 'admitted', ticket: shown, checkedInAt: at, by },
      changed: { hash: scanned.kind === 'code' ? scanned.subject.slice(2) : null, ticketId: ticket.id, status: 'admitted', at, by },
    }
  }
  const first = checkInOf(tx, ticket.id)!
  const by = { name: first.staffName ?? '', deviceId: first.deviceId }
  // Two devices let the same person in while one of them was offline: keep both for staff to see.
  const conflict = Boolean(input.offline) && (first.deviceId === null || first.deviceId !== deviceId)
  if (conflict) {
    stmt(
      tx,
      `insert into door_conflicts (event_id, ticket_id, first_at, first_user_id, first_device_id, second_at, second_user_id, second_device_id, nonce, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (nonce) do nothing`,
    ).run(input.eventId, ticket.id, first.checkedInAt, first.staffUserId, first.deviceId, at, actor.userId, deviceId, input.nonce, now)
  }
  return { ...base, verdict: refused('already_checked_in', { ticket: shown, checkedInAt: first.checkedInAt, by, ...(conflict ? { conflict: true } : {}) }) }
}

type StoredScan = { eventId: number; subject: string; verdict: string }

function redeemInTx(tx: DbOrTx, input: RedeemInput, scanned: Scanned, actor: Actor, event: EventRow, now: number): RedeemAnswer & { changed?: CheckinNews } {
  const stored = stmt<StoredScan>(tx, `select event_id as eventId, subject, verdict from door_scans where nonce = ?`).get(input.nonce)
  const subject = scanned.kind === 'code' || scanned.kind === 'ticket' ? scanned.subject : null
  if (stored) {
    if (stored.eventId === input.eventId && stored.subject === subject) return { httpStatus: 200, body: JSON.parse(stored.verdict) as RedeemVerdict }
    return { httpStatus: 409, body: { status: 'refused', reason: 'nonce_reused' } }
  }
  const judged = judge(tx, input, scanned, actor, event, now)
  // Only a verdict about one of this event's tickets is remembered: the others (forged, unknown,
  // stale, a card) come out the same every time anyway, and leave nothing behind.
  if (judged.ticketId !== undefined) {
    stmt(
      tx,
      `insert into door_scans (nonce, event_id, subject, ticket_id, verdict, staff_user_id, device_id, scanned_at, offline, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.nonce, input.eventId, judged.subject!, judged.ticketId, JSON.stringify(judged.verdict), actor.userId, input.deviceId ?? null, input.scannedAt ?? now, input.offline ? 1 : 0, now)
  }
  return { httpStatus: 200, body: judged.verdict, changed: judged.changed }
}

/**
 * One scan or tap at the door. `null` when the event does not exist (the route answers 404).
 * Resolves once the verdict is on disk.
 */
export async function redeem(db: Db, input: RedeemInput, actor: Actor, now = Date.now()): Promise<RedeemAnswer | null> {
  const event = doorEvent(db, input.eventId)
  if (!event) return null
  const scanned = readScan(input)
  const answer = await inGroupCommit(db, () => redeemInTx(db, input, scanned, actor, event, now))
  if (answer.changed) publishDoorChange(input.eventId, [answer.changed])
  return answer.httpStatus === 200 ? { httpStatus: 200, body: answer.body } : { httpStatus: 409, body: answer.body }
}

// ---------------------------------------------------------------- undo

export type UndoAnswer =
  | { httpStatus: 200; body: { status: 'undone' } }
  | { httpStatus: 409; body: { status: 'refused'; reason: 'nonce_reused' | 'not_checked_in' | 'stale' } }
  | { httpStatus: 404; body: { status: 'refused'; reason: 'unknown' } }

/** Takes an admission back (within the event's night), recording who undid it and who had admitted. */
export function undoCheckIn(
  db: Db,
  input: { eventId: number; ticketId: number; nonce: string; deviceId?: string | null },
  actor: Actor,
  now = Date.now(),
): UndoAnswer | null {
  const event = doorEvent(db, input.eventId)
  if (!event) return null
  let news: CheckinNews | undefined
  const answer = db.transaction(
    (tx): UndoAnswer => {
      const done = stmt<{ ticketId: number; eventId: number }>(tx, `select ticket_id as ticketId, event_id as eventId from check_in_undos where nonce = ?`).get(input.nonce)
      if (done) {
        return done.ticketId === input.ticketId && done.eventId === input.eventId
          ? { httpStatus: 200, body: { status: 'undone' } }
          : { httpStatus: 409, body: { status: 'refused', reason: 'nonce_reused' } }
      }
      const used = stmt(tx, `select 1 from door_scans where nonce = ?`).get(input.nonce)
      if (used) return { httpStatus: 409, body: { status: 'refused', reason: 'nonce_reused' } }
      const ticket = stmt<{ eventId: number; code: string }>(tx, `select event_id as eventId, code from tickets where id = ?`).get(input.ticketId)
      if (!ticket || ticket.eventId !== input.eventId) return { httpStatus: 404, body: { status: 'refused', reason: 'unknown' } }
      if (now > doorNight(event).wipeAfter) return { httpStatus: 409, body: { status: 'refused', reason: 'stale' } }
      const first = checkInOf(tx, input.ticketId)
      if (!first) return { httpStatus: 409, body: { status: 'refused', reason: 'not_checked_in' } }
      stmt(tx, `delete from check_ins where ticket_id = ?`).run(input.ticketId)
      stmt(
        tx,
        `insert into check_in_undos (nonce, event_id, ticket_id, checked_in_at, admitted_by_user_id, admitted_device_id, undone_by_user_id, undone_device_id, undone_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.nonce, input.eventId, input.ticketId, first.checkedInAt, first.staffUserId, first.deviceId, actor.userId, input.deviceId ?? null, now)
      news = { hash: codeHash(ticket.code), ticketId: input.ticketId, status: 'undone', at: now, by: { name: actor.name, deviceId: input.deviceId ?? null } }
      return { httpStatus: 200, body: { status: 'undone' } }
    },
    { behavior: 'immediate' },
  )
  if (news) publishDoorChange(input.eventId, [news])
  return answer
}

// ---------------------------------------------------------------- counts

export type DoorCounts = {
  admitted: number
  expected: number
  byType: { typeId: number; name: string; admitted: number; expected: number }[]
  updatedAt: number
}

type CountRow = { typeId: number; nameEn: string; nameRu: string; expected: number; admitted: number }

/** Admitted versus expected (valid tickets of paid orders), per ticket type: one indexed query. */
export function doorCounts(db: DbOrTx, eventId: number, locale: Locale, now = Date.now()): DoorCounts {
  const rows = stmt<CountRow>(
    db,
    `select tt.id as typeId, tt.name_en as nameEn, tt.name_ru as nameRu,
       coalesce(sum(case when t.status = 'valid' and o.status in ${PAID} then 1 else 0 end), 0) as expected,
       count(c.id) as admitted
     from ticket_types tt
     left join tickets t on t.ticket_type_id = tt.id
     left join orders o on o.id = t.order_id
     left join check_ins c on c.ticket_id = t.id
     where tt.event_id = ?
     group by tt.id
     having tt.archived_at is null or count(t.id) > 0
     order by tt.position, tt.id`,
  ).all(eventId)
  const byType = rows.map((r) => ({ typeId: r.typeId, name: locale === 'ru' ? r.nameRu : r.nameEn, admitted: Number(r.admitted), expected: Number(r.expected) }))
  return {
    admitted: byType.reduce((a, r) => a + r.admitted, 0),
    expected: byType.reduce((a, r) => a + r.expected, 0),
    byType,
    updatedAt: now,
  }
}

// ---------------------------------------------------------------- tonight's list (offline)

type ListRow = {
  id: number
  code: string
  status: 'valid' | 'void'
  typeId: number
  holderName: string | null
  buyerName: string | null
  buyerEmail: string | null
  orderCode: string
  orderStatus: string
  userId: number | null
  membersOnly: number
  checkedInAt: number | null
}

function eventTickets(db: DbOrTx, eventId: number): ListRow[] {
  return stmt<ListRow>(
    db,
    `select t.id, t.code, t.status, t.ticket_type_id as typeId, t.holder_name as holderName, o.buyer_name as buyerName,
       o.buyer_email as buyerEmail, o.code as orderCode, o.status as orderStatus, o.user_id as userId,
       tt.members_only as membersOnly, c.checked_in_at as checkedInAt
     from tickets t join orders o on o.id = t.order_id join ticket_types tt on tt.id = t.ticket_type_id
     left join check_ins c on c.ticket_id = t.id
     where t.event_id = ?
     order by t.id`,
  ).all(eventId)
}

export type DoorSnapshot = {
  eventId: number
  title: string
  startsAt: number
  endsAt: number
  wipeAfter: number
  publicKey: string
  generatedAt: number
  types: { id: number; name: string }[]
  tickets: { id: number; h: string; o: string; name: string; type: number; member: boolean; status: 'valid' | 'void' | 'unpaid'; checkedInAt: number | null }[]
  revoked: string[]
}

/** What a door device keeps for tonight: names, types, hashes of codes, standing. No emails, addresses or codes. */
export function doorSnapshot(db: DbOrTx, eventId: number, locale: Locale, now = Date.now()): DoorSnapshot | null {
  const event = doorEvent(db, eventId)
  if (!event) return null
  const rows = eventTickets(db, eventId)
  const members = membersAmong(db, rows.flatMap((r) => (r.userId === null ? [] : [r.userId])), now)
  const types = stmt<{ id: number; nameEn: string; nameRu: string }>(
    db,
    `select id, name_en as nameEn, name_ru as nameRu from ticket_types where event_id = ? order by position, id`,
  ).all(eventId)
  const orderHashes = new Map<string, string>()
  const tickets = rows.map((r) => {
    let o = orderHashes.get(r.orderCode)
    if (!o) orderHashes.set(r.orderCode, (o = codeHash(r.orderCode)))
    return {
      id: r.id,
      h: codeHash(r.code),
      o,
      name: holderOf(r),
      type: r.typeId,
      member: r.membersOnly === 1 || (r.userId !== null && members.has(r.userId)),
      status: standing(r),
      checkedInAt: r.checkedInAt,
    }
  })
  return {
    eventId,
    title: locale === 'ru' ? event.titleRu : event.titleEn,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    wipeAfter: doorNight(event).wipeAfter,
    publicKey: doorPublicKey(),
    generatedAt: now,
    types: types.map((t) => ({ id: t.id, name: locale === 'ru' ? t.nameRu : t.nameEn })),
    tickets,
    revoked: tickets.filter((t) => t.status === 'void').map((t) => t.h),
  }
}

// ---------------------------------------------------------------- search

export type SearchResult = { ticketId: number; holder: string; type: string; orderRef: string; checkedInAt: number | null; status: 'valid' | 'void' | 'unpaid' }

export const MAX_RESULTS = 20

/**
 * By name in either alphabet (name-search.ts), by email (matched, never returned), or by order code
 * (the whole code, its start, or the four characters the door shows). Tonight's tickets only.
 */
export function searchDoor(db: DbOrTx, eventId: number, query: string, locale: Locale): SearchResult[] {
  const q = query.trim()
  if (q.length === 0) return []
  const keys = nameKeys(q)
  const lower = q.toLowerCase()
  const looksLikeEmail = q.includes('@')
  const looksLikeCode = /^[A-Za-z0-9_-]{4,64}$/.test(q)
  const types = new Map(
    stmt<{ id: number; nameEn: string; nameRu: string }>(db, `select id, name_en as nameEn, name_ru as nameRu from ticket_types where event_id = ?`)
      .all(eventId)
      .map((t) => [t.id, locale === 'ru' ? t.nameRu : t.nameEn]),
  )
  const found: SearchResult[] = []
  for (const r of eventTickets(db, eventId)) {
    const byEmail = looksLikeEmail && r.buyerEmail !== null && r.buyerEmail.includes(lower)
    const byCode = looksLikeCode && (r.orderCode === q || (q.length >= 6 && r.orderCode.startsWith(q)) || (q.length === 4 && orderRef(r.orderCode) === q))
    const byName = !looksLikeEmail && (nameMatches(keys, r.holderName ?? '') || nameMatches(keys, r.buyerName ?? ''))
    if (!byEmail && !byCode && !byName) continue
    found.push({ ticketId: r.id, holder: holderOf(r), type: types.get(r.typeId) ?? '', orderRef: orderRef(r.orderCode), checkedInAt: r.checkedInAt, status: standing(r) })
  }
  found.sort((a, b) => a.holder.localeCompare(b.holder, locale) || a.ticketId - b.ticketId)
  return found.slice(0, MAX_RESULTS)
}

// ---------------------------------------------------------------- tonight's events (the chooser)

export type DoorEventSummary = { id: number; title: string; startsAt: number; endsAt: number; venue: string | null }

/** Events whose door night includes now, then the next few (so the chooser is never a dead end). */
export function doorEvents(db: DbOrTx, locale: Locale, now = Date.now()): { tonight: DoorEventSummary[]; upcoming: DoorEventSummary[] } {
  const rows = stmt<{ id: number; titleEn: string; titleRu: string; startsAt: number; endsAt: number; venueEn: string | null; venueRu: string | null }>(
    db,
    `select e.id, e.title_en as titleEn, e.title_ru as titleRu, e.starts_at as startsAt, e.ends_at as endsAt, v.name_en as venueEn, v.name_ru as venueRu
     from events e left join venues v on v.id = e.venue_id
     where e.status = 'published' and e.ends_at > ? and e.starts_at < ?
     order by e.starts_at, e.id limit 40`,
  ).all(now - 24 * 3_600_000, now + 14 * 24 * 3_600_000)
  const summary = (r: (typeof rows)[number]): DoorEventSummary => ({
    id: r.id,
    title: locale === 'ru' ? r.titleRu : r.titleEn,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    venue: locale === 'ru' ? r.venueRu : r.venueEn,
  })
  const tonight = rows.filter((r) => {
    const night = doorNight(r)
    return now >= night.opensAt && now <= night.wipeAfter
  })
  const upcoming = rows.filter((r) => !tonight.includes(r) && r.startsAt > now).slice(0, 5)
  return { tonight: tonight.map(summary), upcoming: upcoming.map(summary) }
}

// The live stream recounts after changes, on the process's one connection.
setCountsSource((eventId, locale) => doorCounts(getDb(), eventId, locale))
