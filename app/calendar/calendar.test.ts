import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { EVENT_KINDS, EVENT_LANGUAGES, events, orderItems, orders, speakers, ticketTypes } from '#db/schema'
import { seedCalendar } from '#db/seed/calendar'
import { eventAvailability } from '~/ticketing/availability.server'
import { KINDS, LANGUAGES } from './constants'
import { availabilityOfEvents, eventAddressFor, getEventWithVenue, getPublicEvent, listPublicEvents, saveEvent, SlugTakenError, type EventInput } from './events.server'
import { parseEventForm } from './forms.server'
import { markdownToText, renderMarkdown } from './markdown.server'
import { searchSkeleton, slugify } from './text'
import { isFewLeft, ticketStateOf } from './ticket-state'
import { parseLondonLocal, toLondonLocal } from './time'

const NOW = Date.parse('2026-11-24T12:00:00Z')

beforeAll(() => {
  const db = getDb()
  db.transaction((tx) => seedCalendar(tx, NOW))
})

describe('London wall-clock times', () => {
  test('an ordinary winter and summer evening', () => {
    expect(new Date((parseLondonLocal('2026-12-01', '19:00') as { ms: number }).ms).toISOString()).toBe('2026-12-01T19:00:00.000Z')
    expect(new Date((parseLondonLocal('2026-07-01', '19:00') as { ms: number }).ms).toISOString()).toBe('2026-07-01T18:00:00.000Z')
  })
  test('01:30 on 28 March 2027 does not exist in London', () => {
    expect(parseLondonLocal('2027-03-28', '01:30')).toEqual({ ok: false, error: 'nonexistent' })
    expect(parseLondonLocal('2027-03-28', '00:59')).toMatchObject({ ok: true, ambiguous: false })
    const after = parseLondonLocal('2027-03-28', '02:00')
    expect(after.ok && new Date(after.ms).toISOString()).toBe('2027-03-28T01:00:00.000Z')
  })
  test('01:30 on 25 October 2026 happens twice: the first (BST) is taken', () => {
    const r = parseLondonLocal('2026-10-25', '01:30')
    expect(r).toMatchObject({ ok: true, ambiguous: true })
    expect(r.ok && new Date(r.ms).toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(r.ok && toLondonLocal(r.ms)).toEqual({ date: '2026-10-25', time: '01:30' })
  })
  test('malformed input', () => {
    expect(parseLondonLocal('2026-02-30', '19:00')).toEqual({ ok: false, error: 'invalid' })
    expect(parseLondonLocal('2026-02-01', '24:00')).toEqual({ ok: false, error: 'invalid' })
    expect(parseLondonLocal('tomorrow', '7pm')).toEqual({ ok: false, error: 'invalid' })
  })
})

describe('search skeletons and slugs', () => {
  test('Cyrillic and the usual Latin spellings meet', () => {
    for (const [a, b] of [
      ['Архипов', 'Arkhipov'],
      ['Архипов', 'Arhipov'],
      ['Цветкова', 'Tsvetkova'],
      ['Цветкова', 'Cvetkova'],
      ['Зайцев', 'Zaitsev'],
      ['Зайцев', 'Zaytsev'],
      ['Юлия', 'Yulia'],
      ['Щукин', 'Shchukin'],
    ]) {
      expect(searchSkeleton(a!)).toBe(searchSkeleton(b!))
    }
  })
  test('slugs from either script', () => {
    expect(slugify('Кострома: что произошло 13 сентября')).toBe('kostroma-chto-proizoshlo-13-sentyabrya')
    expect(slugify('  Opening night — 2026! ')).toBe('opening-night-2026')
    expect(slugify('<script>')).toBe('script')
  })
  test('kinds and languages for the browser match the schema', () => {
    expect([...KINDS]).toEqual([...EVENT_KINDS])
    expect([...LANGUAGES]).toEqual([...EVENT_LANGUAGES])
  })
})

describe('markdown is rendered inert', () => {
  test('scripts, handlers, javascript: links and images go', () => {
    const html = renderMarkdown(
      '**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> <a href="https://ok.example" onclick="steal()">ok</a>\n\n<iframe src="https://evil.example"></iframe><style>body{}</style>[d](data:text/html,hi)',
    )
    expect(html).not.toMatch(/<script|onerror=|onclick=|href="javascript:|<img|<iframe|<style|href="data:/i)
    expect(renderMarkdown('[d](data:text/html,hi) [j](javascript:alert(1))')).not.toMatch(/href=/)
    expect(html).toContain('<a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>')
    expect(renderMarkdown('**bold** and _it_')).toBe('<p><strong>bold</strong> and <em>it</em></p>\n')
  })
  test('plain text for feeds', () => {
    expect(markdownToText('**a** & <b>b</b>\n\nsecond <script>x()</script>')).toBe('a & b\n\nsecond')
  })
})

describe('ticket state', () => {
  const types = [{ ticketTypeId: 1, membersOnly: false }]
  const avail = (remaining: number, capacity = 100, onSale: 'on_sale' | 'not_yet' | 'closed' = 'on_sale') => ({
    capacity,
    taken: capacity - remaining,
    remaining,
    types: [{ ticketTypeId: 1, quota: capacity, taken: capacity - remaining, remaining, onSale }],
  })
  const future = { status: 'published', endsAt: NOW + 1e9 }
  test('few left: at most 5 seats, or under 10% of capacity', () => {
    expect(isFewLeft(5, 40)).toBe(true)
    expect(isFewLeft(6, 40)).toBe(false)
    expect(isFewLeft(14, 150)).toBe(true)
    expect(isFewLeft(15, 150)).toBe(false)
    expect(ticketStateOf(future, avail(3), types, NOW)).toBe('few_left')
    expect(ticketStateOf(future, avail(50), types, NOW)).toBe('on_sale')
    expect(ticketStateOf(future, avail(0), types, NOW)).toBe('sold_out')
    expect(ticketStateOf(future, avail(50, 100, 'not_yet'), types, NOW)).toBe('not_yet')
    expect(ticketStateOf(future, avail(50), [{ ticketTypeId: 1, membersOnly: true }], NOW)).toBe('members_only')
    expect(ticketStateOf({ status: 'cancelled', endsAt: NOW + 1e9 }, avail(50), types, NOW)).toBe('cancelled')
    expect(ticketStateOf({ status: 'published', endsAt: NOW - 1 }, avail(50), types, NOW)).toBe('closed')
  })
  test('the batched availability agrees with the one definition, with real orders', () => {
    const db = getDb()
    const ev = db.select().from(events).where(eq(events.slug, 'kostroma-what-happened-on-13-september')).get()!
    const type = db.select().from(ticketTypes).where(eq(ticketTypes.eventId, ev.id)).get()!
    const mk = (status: 'paid' | 'pending' | 'expired', quantity: number, expiresAt: number) => {
      const o = db
        .insert(orders)
        .values({ code: `c-${Math.random()}`, eventId: ev.id, status, totalPence: 0, expiresAt, buyerEmail: 'x@y.z', buyerName: 'X' })
        .returning({ id: orders.id })
        .get()
      db.insert(orderItems).values({ orderId: o.id, ticketTypeId: type.id, quantity, unitPricePence: 800 }).run()
    }
    mk('paid', 60, NOW)
    mk('pending', 4, NOW + 600_000) // a live hold counts
    mk('pending', 5, NOW - 1) // an expired one does not
    mk('expired', 3, NOW - 1)
    const ids = db.select({ id: events.id }).from(events).all().map((r) => r.id)
    const batched = availabilityOfEvents(db, ids, NOW)
    for (const id of ids) expect(batched.get(id)!.avail).toEqual(eventAvailability(db, id, NOW))
    expect(batched.get(ev.id)!.avail.remaining).toBe(16)
    expect(getPublicEvent(db, ev.slug, 'en', NOW)!.ticketState).toBe('on_sale')
    mk('paid', 9, NOW) // 7 of 80 left: under 10%
    expect(getPublicEvent(db, ev.slug, 'en', NOW)!.ticketState).toBe('few_left')
    expect(listPublicEvents(db, { locale: 'en', now: NOW }).events.find((e) => e.id === ev.id)!.ticketState).toBe('few_left')
  })
})

describe('the hidden address', () => {
  test('only ticket holders get it', () => {
    const db = getDb()
    const hidden = db.select().from(events).where(eq(events.slug, 'open-elections-observer-training')).get()!
    const withVenue = getEventWithVenue(db, hidden.id)!
    expect(eventAddressFor(withVenue, { isTicketHolder: false })).toBeNull()
    expect(eventAddressFor(withVenue, { isTicketHolder: true })?.address).toContain('3 Example Yard')
    expect(eventAddressFor(withVenue, { isTicketHolder: true, locale: 'ru' })?.address).toContain('Лондон')
    const pub = getPublicEvent(db, hidden.slug, 'en', NOW)!
    expect(pub.place).toBeNull()
    expect(pub.venueName).toBeNull()
    expect(JSON.stringify(pub)).not.toMatch(/Example Yard|Training room/)
    const list = listPublicEvents(db, { locale: 'en', now: NOW, q: 'observers' })
    expect(list.events.map((e) => e.slug)).toContain(hidden.slug)
    expect(JSON.stringify(list)).not.toMatch(/Example Yard|Training room/)
  })
})

describe('search through the domain', () => {
  test('Cyrillic and Latin spellings of a speaker find the same events', () => {
    const db = getDb()
    const find = (q: string) => listPublicEvents(db, { locale: 'en', now: NOW, q }).events.map((e) => e.slug).sort()
    const a = find('Архипов')
    expect(a).toContain('kostroma-what-happened-on-13-september')
    expect(find('Arkhipov')).toEqual(a)
    expect(find('arhipov')).toEqual(a)
    expect(find('Цветкова')).toEqual(['screening-the-town-that-stayed'])
    expect(find('Кострома')).toContain('kostroma-what-happened-on-13-september')
    expect(find('xylophone quartet')).toEqual([])
    // After a change, the cached text is rebuilt.
    db.update(speakers).set({ nameEn: 'Gleb Arkhipov-Renamed', updatedAt: NOW + 5 }).where(eq(speakers.slug, 'gleb-arkhipov')).run()
    expect(find('renamed')).toEqual(a)
  })
})

describe('saving events', () => {
  const input = (over: Partial<EventInput> = {}): EventInput => ({
    slug: 'a-new-evening',
    kind: 'talk',
    language: 'ru',
    titleEn: 'A new evening',
    titleRu: 'Новый вечер',
    summaryEn: '',
    summaryRu: '',
    descriptionEn: '',
    descriptionRu: '',
    startsAt: NOW + 86_400_000,
    endsAt: NOW + 90_000_000,
    venueId: null,
    addressHidden: false,
    capacity: 10,
    speakerIds: [],
    ...over,
  })
  test('a slug already taken is refused and nothing is half-saved', () => {
    const db = getDb()
    const before = db.select().from(events).all().length
    expect(() => saveEvent(db, null, input({ slug: 'opening-night' }), null)).toThrow(SlugTakenError)
    // A speaker that does not exist breaks the transaction after the event row was written: rolled back.
    expect(() => saveEvent(db, null, input({ slug: 'brand-new', speakerIds: [999_999] }), null)).toThrow()
    expect(db.select().from(events).all().length).toBe(before)
    expect(db.select().from(events).where(eq(events.slug, 'brand-new')).get()).toBeUndefined()
  })
  test('form validation names the field', () => {
    const db = getDb()
    const form = new FormData()
    for (const [k, v] of Object.entries({ titleEn: 'X', titleRu: '', kind: 'rave', language: 'en', date: '2027-03-28', time: '01:30', duration: '5', capacity: '-1', slug: 'Bad Slug!', speaker0: '424242' }))
      form.set(k, v)
    const r = parseEventForm(db, form)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors).toEqual({
      titleRu: 'required',
      slug: 'slugFormat',
      kind: 'kind',
      time: 'timeNonexistent',
      duration: 'duration',
      capacity: 'capacity',
      speaker0: 'speaker',
    })
  })
})
