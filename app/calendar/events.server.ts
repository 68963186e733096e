/**
 * The programme: what the public may see of events, and how staff write them.
 *
 * Privacy rule: an event with `addressHidden` never lets its venue (name, address, directions) out
 * of this module, except through `eventAddressFor(event, { isTicketHolder: true })`. Every public
 * read below returns `venue: null` for such an event, so pages, feeds, JSON-LD and the sitemap
 * cannot leak what they never received.
 */
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.server'
import {
  auditLog,
  EVENT_KINDS,
  EVENT_LANGUAGES,
  eventSpeakers,
  events,
  orderItems,
  orders,
  speakers,
  ticketTypes,
  venues,
  type EventKind,
  type EventLanguage,
  type Locale,
} from '#db/schema'
import { availabilityFromTaken, eventAvailability, HOLDS_SEATS_SQL, type EventAvailability } from '~/ticketing/availability.server'
import { stmt } from '#db/prepared.server'
import { keyMatches, queryTerms, searchKey } from '~/search/text'
import { ticketStateOf, type TicketState } from './ticket-state'

export { EVENT_KINDS, EVENT_LANGUAGES }
export type { EventKind, EventLanguage }

type Venue = typeof venues.$inferSelect
type EventRow = typeof events.$inferSelect

/** Statuses the public can see: drafts never, cancelled ones with their state shown. */
const PUBLIC_STATUSES = ['published', 'cancelled'] as const

export function pick<T extends string>(locale: Locale, en: T, ru: T): T {
  return locale === 'ru' ? ru || en : en || ru
}

export function speakerPhotoUrl(photoPath: string | null): string | null {
  return photoPath ? `/uploads/${photoPath}` : null
}

// ---------------------------------------------------------------- the address rule

export type EventPlace = { name: string; address: string; directions: string }

/**
 * Where an event happens, as this reader may know it. For an event whose address is shown to ticket
 * holders only, anyone else gets null (and pages say "the address is sent to ticket holders").
 * The ticketing pages (order page, confirmation email) call it with `isTicketHolder: true`.
 */
export function eventAddressFor(
  event: Pick<EventRow, 'addressHidden'> & { venue: Venue | null },
  { isTicketHolder, locale = 'en' }: { isTicketHolder: boolean; locale?: Locale },
): EventPlace | null {
  if (!event.venue) return null
  if (event.addressHidden && !isTicketHolder) return null
  const v = event.venue
  return {
    name: pick(locale, v.nameEn, v.nameRu),
    address: pick(locale, v.addressEn, v.addressRu),
    directions: pick(locale, v.directionsEn, v.directionsRu),
  }
}

/** The event with its venue, for code that holds the ticket-holder check (ticketing). */
export function getEventWithVenue(db: DbOrTx, eventId: number) {
  const row = db.select({ event: events, venue: venues }).from(events).leftJoin(venues, eq(venues.id, events.venueId)).where(eq(events.id, eventId)).get()
  return row ? { ...row.event, venue: row.venue } : null
}

// ---------------------------------------------------------------- availability, batched

/**
 * Availability of many events in three queries (lists of 500 events must not run 1,500). The same
 * definition as ~/ticketing/availability.server's eventAvailability (its SQL condition and arithmetic), batched.
 */
export function availabilityOfEvents(db: DbOrTx, eventIds: number[], now: number) {
  const result = new Map<number, { avail: EventAvailability; types: { ticketTypeId: number; membersOnly: boolean }[] }>()
  if (eventIds.length === 0) return result
  const ids = JSON.stringify(eventIds)
  const capacityRows = stmt<{ id: number; capacity: number }>(db, `select id, capacity from events where id in (select value from json_each(?))`).all(ids)
  const typeRows = stmt<{ id: number; eventId: number; quota: number; salesStartAt: number | null; salesEndAt: number | null; membersOnly: number }>(
    db,
    `select id, event_id as eventId, quota, sales_start_at as salesStartAt, sales_end_at as salesEndAt, members_only as membersOnly
       from ticket_types where event_id in (select value from json_each(?)) and archived_at is null order by position, id`,
  )
    .all(ids)
    .map((t) => ({ ...t, membersOnly: Boolean(t.membersOnly) }))
  const takenRows = stmt<{ ticketTypeId: number; eventId: number; taken: number }>(
    db,
    `select oi.ticket_type_id as ticketTypeId, o.event_id as eventId, coalesce(sum(oi.quantity), 0) as taken
       from orders o join order_items oi on oi.order_id = o.id
      where o.event_id in (select value from json_each(?))
        and ${HOLDS_SEATS_SQL}
      group by o.event_id, oi.ticket_type_id`,
  ).all(ids, now)
  const takenByEvent = new Map<number, Map<number, number>>()
  for (const r of takenRows) {
    const byType = takenByEvent.get(r.eventId) ?? new Map<number, number>()
    byType.set(r.ticketTypeId, Number(r.taken))
    takenByEvent.set(r.eventId, byType)
  }
  const typesByEvent = new Map<number, (typeof typeRows)[number][]>()
  for (const t of typeRows) {
    const list = typesByEvent.get(t.eventId) ?? []
    list.push(t)
    typesByEvent.set(t.eventId, list)
  }
  for (const e of capacityRows) {
    const types = typesByEvent.get(e.id) ?? []
    result.set(e.id, {
      avail: availabilityFromTaken(e, types, takenByEvent.get(e.id) ?? new Map(), now),
      types: types.map((t) => ({ ticketTypeId: t.id, membersOnly: t.membersOnly })),
    })
  }
  return result
}

// ---------------------------------------------------------------- public lists

export type EventFilters = {
  kind?: EventKind | null
  language?: EventLanguage | null
  q?: string | null
}

export type EventCard = {
  id: number
  slug: string
  kind: EventKind
  language: EventLanguage
  status: 'published' | 'cancelled'
  title: string
  summary: string
  startsAt: number
  endsAt: number
  /** Null when the address is for ticket holders only (the venue's name is withheld too). */
  venueName: string | null
  speakers: { slug: string; name: string; photoUrl: string | null }[]
  ticketState: TicketState
}

type ListOptions = EventFilters & {
  locale: Locale
  now?: number
  /** Events that end at or after this instant… */
  from?: number
  /** …and start before this one. */
  to?: number
  past?: boolean
  limit?: number
  offset?: number
}

/** Published and cancelled events, filtered, with speakers and ticket states in a fixed number of queries. */
export function listPublicEvents(db: DbOrTx, opts: ListOptions): { events: EventCard[]; total: number } {
  const now = opts.now ?? Date.now()
  const params = {
    kind: opts.kind ?? null,
    language: opts.language ?? null,
    now,
    from: opts.from ?? now,
    to: opts.to ?? null,
    limit: opts.limit ?? 1000,
    offset: opts.offset ?? 0,
  }
  const filters = `status in ('published', 'cancelled') and (@kind is null or kind = @kind) and (@language is null or language = @language)
      and (@to is null or starts_at < @to)`
  const window = opts.past ? `ends_at < @now` : `ends_at >= @from`
  const order = opts.past ? `starts_at desc, id desc` : `starts_at asc, id asc`
  let ids: number[]
  let total: number
  if (opts.q?.trim()) {
    // A query with no usable term (one letter, gibberish) matches nothing, never the whole calendar.
    const terms = queryTerms(opts.q)
    const all =
      terms.length === 0 ? [] : stmt<{ id: number; updatedAt: number }>(db, `select id, updated_at as updatedAt from events where ${filters} and ${window} order by ${order}`).all(params)
    const matching = searchEventIds(db, all, terms)
    total = matching.length
    ids = matching.slice(params.offset, params.offset + params.limit)
  } else {
    ids = stmt<{ id: number }>(db, `select id from events where ${filters} and ${window} order by ${order} limit @limit offset @offset`)
      .all(params)
      .map((r) => r.id)
    // Counted apart: a count(*) over () window on the page's query made SQLite read every match in full.
    total =
      params.offset === 0 && ids.length < params.limit
        ? ids.length
        : (stmt<{ n: number }>(db, `select count(*) as n from events where ${filters} and ${window}`).get(params)?.n ?? 0)
  }
  return { events: eventCards(db, ids, opts.locale, now), total }
}

/** Cards for the given events, in the given order. */
export function eventCards(db: DbOrTx, ids: number[], locale: Locale, now = Date.now()): EventCard[] {
  if (ids.length === 0) return []
  // Only the columns a card shows: descriptions are long and a month has dozens of cards.
  const json = JSON.stringify(ids)
  const rows = stmt<{
    id: number
    slug: string
    kind: EventKind
    language: EventLanguage
    status: string
    titleEn: string
    titleRu: string
    summaryEn: string
    summaryRu: string
    startsAt: number
    endsAt: number
    addressHidden: number
    venueNameEn: string | null
    venueNameRu: string | null
  }>(
    db,
    `select e.id, e.slug, e.kind, e.language, e.status, e.title_en as titleEn, e.title_ru as titleRu,
            e.summary_en as summaryEn, e.summary_ru as summaryRu, e.starts_at as startsAt, e.ends_at as endsAt,
            e.address_hidden as addressHidden, v.name_en as venueNameEn, v.name_ru as venueNameRu
       from events e left join venues v on v.id = e.venue_id
      where e.id in (select value from json_each(?))`,
  ).all(json)
  const byId = new Map(rows.map((r) => [r.id, r]))
  const speakerRows = stmt<{ eventId: number; slug: string; nameEn: string; nameRu: string; photoPath: string | null }>(
    db,
    `select es.event_id as eventId, s.slug, s.name_en as nameEn, s.name_ru as nameRu, s.photo_path as photoPath
       from event_speakers es join speakers s on s.id = es.speaker_id
      where es.event_id in (select value from json_each(?))
      order by es.event_id, es.position`,
  ).all(json)
  const speakersByEvent = new Map<number, EventCard['speakers']>()
  for (const s of speakerRows) {
    const list = speakersByEvent.get(s.eventId) ?? []
    list.push({ slug: s.slug, name: pick(locale, s.nameEn, s.nameRu), photoUrl: speakerPhotoUrl(s.photoPath) })
    speakersByEvent.set(s.eventId, list)
  }
  const availability = availabilityOfEvents(db, ids, now)
  const cards: EventCard[] = []
  for (const id of ids) {
    const e = byId.get(id)
    if (!e) continue
    const a = availability.get(id)
    cards.push({
      id: e.id,
      slug: e.slug,
      kind: e.kind,
      language: e.language,
      status: e.status as 'published' | 'cancelled',
      title: pick(locale, e.titleEn, e.titleRu),
      summary: pick(locale, e.summaryEn, e.summaryRu),
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      venueName: e.addressHidden || e.venueNameEn === null ? null : pick(locale, e.venueNameEn, e.venueNameRu ?? ''),
      speakers: speakersByEvent.get(id) ?? [],
      ticketState: ticketStateOf(e, a?.avail ?? null, a?.types ?? [], now),
    })
  }
  return cards
}

/**
 * Text search over titles, summaries, descriptions and speaker names, in both languages and both
 * scripts. The skeletons are cached per event and rebuilt when the event or its speakers change.
 */
const skeletonCache = new Map<number, { key: string; text: string }>()

function searchEventIds(db: DbOrTx, rows: { id: number; updatedAt: number }[], terms: string[]): number[] {
  if (rows.length === 0) return []
  const speakerSig = db
    .select({ eventId: eventSpeakers.eventId, sig: sql<string>`group_concat(${speakers.id} || ':' || ${speakers.updatedAt}, ',')` })
    .from(eventSpeakers)
    .innerJoin(speakers, eq(speakers.id, eventSpeakers.speakerId))
    .where(inArray(eventSpeakers.eventId, rows.map((r) => r.id)))
    .groupBy(eventSpeakers.eventId)
    .all()
  const sigs = new Map(speakerSig.map((s) => [s.eventId, s.sig]))
  const stale = rows.filter((r) => skeletonCache.get(r.id)?.key !== `${r.updatedAt}|${sigs.get(r.id) ?? ''}`).map((r) => r.id)
  if (stale.length > 0) {
    const full = db.select().from(events).where(inArray(events.id, stale)).all()
    const names = db
      .select({ eventId: eventSpeakers.eventId, nameEn: speakers.nameEn, nameRu: speakers.nameRu })
      .from(eventSpeakers)
      .innerJoin(speakers, eq(speakers.id, eventSpeakers.speakerId))
      .where(inArray(eventSpeakers.eventId, stale))
      .all()
    for (const e of full) {
      const speakerText = names.filter((n) => n.eventId === e.id).map((n) => `${n.nameEn} ${n.nameRu}`).join(' ')
      const text = searchKey(
        [e.titleEn, e.titleRu, e.summaryEn, e.summaryRu, e.descriptionEn, e.descriptionRu, speakerText].join(' \n '),
      )
      skeletonCache.set(e.id, { key: `${e.updatedAt}|${sigs.get(e.id) ?? ''}`, text })
    }
  }
  return rows.filter((r) => keyMatches(skeletonCache.get(r.id)?.text ?? '', terms)).map((r) => r.id)
}

/** When each matching event of a window starts (for the month grid's day counts): one light query. */
export function startTimesInRange(db: DbOrTx, opts: { kind?: EventKind | null; language?: EventLanguage | null; from: number; to: number }): number[] {
  return stmt<{ startsAt: number }>(
    db,
    `select starts_at as startsAt from events where status in ('published', 'cancelled') and (@kind is null or kind = @kind)
        and (@language is null or language = @language) and ends_at >= @from and starts_at < @to`,
  )
    .all({ kind: opts.kind ?? null, language: opts.language ?? null, from: opts.from, to: opts.to })
    .map((r) => r.startsAt)
}

// ---------------------------------------------------------------- one event, for its page

export type PublicTicketType = {
  id: number
  name: string
  description: string
  pricePence: number
  memberPricePence: number | null
  currency: string
  membersOnly: boolean
  state: 'on_sale' | 'few_left' | 'sold_out' | 'not_yet' | 'closed'
  salesStartAt: number | null
}

export type PublicEvent = Omit<EventCard, 'speakers'> & {
  description: string
  /** Null for hidden addresses (and events without a venue). */
  place: EventPlace | null
  addressHidden: boolean
  ticketTypes: PublicTicketType[]
  updatedAt: number
  speakers: { slug: string; name: string; role: string; photoUrl: string | null }[]
  /** The other language's title, for hreflang and search engines. */
  titleOther: string
}

/** The event a visitor may see by slug, or null (unknown, or a draft). */
export function getPublicEvent(db: DbOrTx, slug: string, locale: Locale, now = Date.now()): PublicEvent | null {
  const e = stmt<{
    id: number
    slug: string
    status: string
    kind: EventKind
    language: EventLanguage
    titleEn: string
    titleRu: string
    summaryEn: string
    summaryRu: string
    descriptionEn: string
    descriptionRu: string
    startsAt: number
    endsAt: number
    updatedAt: number
    addressHidden: number
    venueId: number | null
  }>(
    db,
    `select id, slug, status, kind, language, title_en as titleEn, title_ru as titleRu, summary_en as summaryEn, summary_ru as summaryRu,
            description_en as descriptionEn, description_ru as descriptionRu, starts_at as startsAt, ends_at as endsAt,
            updated_at as updatedAt, address_hidden as addressHidden, venue_id as venueId
       from events where slug = ? and status in ('published', 'cancelled')`,
  ).get(slug)
  if (!e) return null
  const addressHidden = Boolean(e.addressHidden)
  // The venue is not even read for a hidden address.
  const venue =
    e.venueId === null || addressHidden
      ? null
      : (stmt<Venue>(
          db,
          `select id, slug, name_en as nameEn, name_ru as nameRu, address_en as addressEn, address_ru as addressRu,
                  directions_en as directionsEn, directions_ru as directionsRu, created_at as createdAt, updated_at as updatedAt
             from venues where id = ?`,
        ).get(e.venueId) ?? null)
  const row = { venue }
  const speakerRows = stmt<{ slug: string; nameEn: string; nameRu: string; roleEn: string; roleRu: string; photoPath: string | null }>(
    db,
    `select s.slug, s.name_en as nameEn, s.name_ru as nameRu, s.role_en as roleEn, s.role_ru as roleRu, s.photo_path as photoPath
       from event_speakers es join speakers s on s.id = es.speaker_id where es.event_id = ? order by es.position`,
  ).all(e.id)
  const types = stmt<{
    id: number
    nameEn: string
    nameRu: string
    descriptionEn: string
    descriptionRu: string
    pricePence: number
    memberPricePence: number | null
    currency: string
    membersOnly: number
    salesStartAt: number | null
  }>(
    db,
    `select id, name_en as nameEn, name_ru as nameRu, description_en as descriptionEn, description_ru as descriptionRu,
            price_pence as pricePence, member_price_pence as memberPricePence, currency, members_only as membersOnly,
            sales_start_at as salesStartAt
       from ticket_types where event_id = ? and archived_at is null order by position, id`,
  )
    .all(e.id)
    .map((t) => ({ ...t, membersOnly: Boolean(t.membersOnly) }))
  const avail = eventAvailability(db, e.id, now)
  const typeFlags = types.map((t) => ({ ticketTypeId: t.id, membersOnly: t.membersOnly }))
  const state = ticketStateOf(e, avail, typeFlags, now)
  const availByType = new Map(avail?.types.map((t) => [t.ticketTypeId, t]) ?? [])
  return {
    id: e.id,
    slug: e.slug,
    kind: e.kind,
    language: e.language,
    status: e.status as 'published' | 'cancelled',
    title: pick(locale, e.titleEn, e.titleRu),
    titleOther: pick(locale === 'en' ? 'ru' : 'en', e.titleEn, e.titleRu),
    summary: pick(locale, e.summaryEn, e.summaryRu),
    description: pick(locale, e.descriptionEn, e.descriptionRu),
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    updatedAt: e.updatedAt,
    addressHidden,
    venueName: addressHidden || !row.venue ? null : pick(locale, row.venue.nameEn, row.venue.nameRu),
    place: eventAddressFor({ addressHidden, venue: row.venue }, { isTicketHolder: false, locale }),
    speakers: speakerRows.map((s) => ({
      slug: s.slug,
      name: pick(locale, s.nameEn, s.nameRu),
      role: pick(locale, s.roleEn, s.roleRu),
      photoUrl: speakerPhotoUrl(s.photoPath),
    })),
    ticketState: state,
    ticketTypes: types.map((t) => {
      const a = availByType.get(t.id)
      const typeState: PublicTicketType['state'] =
        e.status === 'cancelled' || e.endsAt <= now
          ? 'closed'
          : !a
            ? 'closed'
            : a.onSale !== 'on_sale'
              ? a.onSale
              : a.remaining === 0
                ? 'sold_out'
                : a.remaining <= 5
                  ? 'few_left'
                  : 'on_sale'
      return {
        id: t.id,
        name: pick(locale, t.nameEn, t.nameRu),
        description: pick(locale, t.descriptionEn, t.descriptionRu),
        pricePence: t.pricePence,
        memberPricePence: t.memberPricePence,
        currency: t.currency,
        membersOnly: t.membersOnly,
        state: typeState,
        salesStartAt: t.salesStartAt,
      }
    }),
  }
}

/** For the feeds: every public event in a window, with venue withheld where the rule says so. */
export function listFeedEvents(db: DbOrTx, { since }: { since: number }) {
  const rows = db
    .select({ event: events, venue: venues })
    .from(events)
    .leftJoin(venues, eq(venues.id, events.venueId))
    .where(and(inArray(events.status, [...PUBLIC_STATUSES]), gte(events.endsAt, since)))
    .orderBy(asc(events.startsAt))
    .all()
  return rows.map((r) => ({ ...r.event, venue: r.event.addressHidden ? null : r.venue }))
}

export function getFeedEvent(db: DbOrTx, slug: string) {
  const r = db
    .select({ event: events, venue: venues })
    .from(events)
    .leftJoin(venues, eq(venues.id, events.venueId))
    .where(and(eq(events.slug, slug), inArray(events.status, [...PUBLIC_STATUSES])))
    .get()
  return r ? { ...r.event, venue: r.event.addressHidden ? null : r.venue } : null
}

export type FeedEvent = NonNullable<ReturnType<typeof getFeedEvent>>

/** Slugs and change dates for the sitemap. */
export function listSitemapEvents(db: DbOrTx) {
  return db
    .select({ slug: events.slug, updatedAt: events.updatedAt })
    .from(events)
    .where(inArray(events.status, [...PUBLIC_STATUSES]))
    .orderBy(asc(events.startsAt))
    .all()
}

// ---------------------------------------------------------------- staff: reading

export function listEventsForStaff(db: DbOrTx) {
  return db
    .select({
      id: events.id,
      slug: events.slug,
      status: events.status,
      titleEn: events.titleEn,
      titleRu: events.titleRu,
      startsAt: events.startsAt,
      addressHidden: events.addressHidden,
    })
    .from(events)
    .orderBy(desc(events.startsAt))
    .all()
}

export function getEventForStaff(db: DbOrTx, id: number) {
  const event = db.select().from(events).where(eq(events.id, id)).get()
  if (!event) return null
  const speakerIds = db
    .select({ speakerId: eventSpeakers.speakerId })
    .from(eventSpeakers)
    .where(eq(eventSpeakers.eventId, id))
    .orderBy(eventSpeakers.position)
    .all()
    .map((r) => r.speakerId)
  return { ...event, speakerIds }
}

// ---------------------------------------------------------------- staff: writing

export type EventInput = {
  slug: string
  kind: EventKind
  language: EventLanguage
  titleEn: string
  titleRu: string
  summaryEn: string
  summaryRu: string
  descriptionEn: string
  descriptionRu: string
  startsAt: number
  endsAt: number
  venueId: number | null
  addressHidden: boolean
  capacity: number
  speakerIds: number[]
}

export class SlugTakenError extends Error {
  constructor() {
    super('slug taken')
  }
}

/** Slugs that would shadow a page of ours. */
export const RESERVED_EVENT_SLUGS = new Set(['archive', 'new', 'feed', 'calendar', 'book', 'search'])

function slugTaken(db: DbOrTx, slug: string, exceptId: number | null) {
  const row = db
    .select({ id: events.id })
    .from(events)
    .where(exceptId === null ? eq(events.slug, slug) : and(eq(events.slug, slug), ne(events.id, exceptId)))
    .get()
  return row !== undefined
}

/**
 * Creates (id null) or updates an event and its speaker list in one transaction: either all of it
 * is saved or nothing is. Throws SlugTakenError when the slug belongs to another event.
 */
export function saveEvent(db: Db, id: number | null, input: EventInput, actorUserId: number | null, now = Date.now()): number {
  const run = (tx: DbOrTx) => {
    if (slugTaken(tx, input.slug, id)) throw new SlugTakenError()
    const values = {
      slug: input.slug,
      kind: input.kind,
      language: input.language,
      titleEn: input.titleEn,
      titleRu: input.titleRu,
      summaryEn: input.summaryEn,
      summaryRu: input.summaryRu,
      descriptionEn: input.descriptionEn,
      descriptionRu: input.descriptionRu,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      venueId: input.venueId,
      addressHidden: input.addressHidden,
      capacity: input.capacity,
      updatedAt: now,
    }
    let eventId: number
    if (id === null) {
      eventId = tx.insert(events).values({ ...values, status: 'draft', createdAt: now }).returning({ id: events.id }).get().id
    } else {
      const existing = tx.select({ id: events.id, slug: events.slug, status: events.status }).from(events).where(eq(events.id, id)).get()
      if (!existing) throw new Error('event not found')
      // A published slug is stable: links, feeds and calendars point at it.
      if (existing.status !== 'draft' && existing.slug !== input.slug) values.slug = existing.slug
      tx.update(events).set(values).where(eq(events.id, id)).run()
      tx.delete(eventSpeakers).where(eq(eventSpeakers.eventId, id)).run()
      eventId = id
    }
    const seen = new Set<number>()
    input.speakerIds.forEach((speakerId) => {
      if (seen.has(speakerId)) return
      seen.add(speakerId)
      tx.insert(eventSpeakers).values({ eventId, speakerId, position: seen.size - 1 }).run()
    })
    tx.insert(auditLog)
      .values({ at: now, actorUserId, action: id === null ? 'event.created' : 'event.updated', subjectType: 'event', subjectId: String(eventId), details: { slug: values.slug } })
      .run()
    return eventId
  }
  return db.transaction(run, { behavior: 'immediate' })
}

export type StatusChange = 'publish' | 'unpublish' | 'cancel'

/** draft → published → cancelled (and back to draft from published, before anything is sold). */
export function changeEventStatus(db: Db, id: number, change: StatusChange, actorUserId: number | null, now = Date.now()): { ok: true } | { ok: false; error: 'notFound' | 'notAllowed' | 'hasOrders' } {
  const run = (tx: DbOrTx) => {
    const e = tx.select({ status: events.status }).from(events).where(eq(events.id, id)).get()
    if (!e) return { ok: false as const, error: 'notFound' as const }
    if (change === 'publish') {
      if (e.status !== 'draft') return { ok: false as const, error: 'notAllowed' as const }
      tx.update(events).set({ status: 'published', publishedAt: now, updatedAt: now }).where(eq(events.id, id)).run()
    } else if (change === 'unpublish') {
      if (e.status !== 'published') return { ok: false as const, error: 'notAllowed' as const }
      const sold = tx.select({ id: orders.id }).from(orders).where(and(eq(orders.eventId, id), inArray(orders.status, ['paid', 'pending', 'partially_refunded']))).get()
      if (sold) return { ok: false as const, error: 'hasOrders' as const }
      tx.update(events).set({ status: 'draft', updatedAt: now }).where(eq(events.id, id)).run()
    } else {
      if (e.status === 'cancelled') return { ok: false as const, error: 'notAllowed' as const }
      tx.update(events).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(events.id, id)).run()
    }
    tx.insert(auditLog).values({ at: now, actorUserId, action: { publish: 'event.published', unpublish: 'event.unpublished', cancel: 'event.cancelled' }[change], subjectType: 'event', subjectId: String(id) }).run()
    return { ok: true as const }
  }
  return db.transaction(run, { behavior: 'immediate' })
}

export function isSlugTaken(db: DbOrTx, slug: string, exceptId: number | null) {
  return slugTaken(db, slug, exceptId)
}
