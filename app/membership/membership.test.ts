/**
 * Membership's rules against a real SQLite database made by the real migrations: subscription
 * snapshots applied in any order and any number of times, the grace rule, honorary grants, the
 * benefits ticketing reads, and the card the door checks.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { events, membershipHistory, membershipPlans, memberships, outgoingEmails, ticketTypes, users } from '#db/schema'
import { seedMembership } from '#db/seed/membership'
import type { SubscriptionFacts } from '~/payments/billing.server'
import { createHold } from '~/ticketing/booking.server'
import { GRACE_MS, memberBenefits, membershipCardStatus, memberUnitPrice } from './benefits.server'
import { checkJoin } from './join.server'
import { applySubscription, currentMembership, sweepMemberships } from './memberships.server'

const db = getDb()
const DAY = 86_400_000
const base = { baseUrl: 'http://club.test' }
let n = 0

beforeAll(() => {
  db.transaction((tx) => seedMembership(tx))
  // The sandbox or stripe:sync writes these; here we name them ourselves.
  for (const slug of ['friend', 'supporter', 'patron'])
    db.update(membershipPlans)
      .set({ stripePriceIds: { monthly: `price_${slug}_m`, yearly: `price_${slug}_y`, concession_monthly: `price_${slug}_cm` } })
      .where(eq(membershipPlans.slug, slug))
      .run()
})

function person(locale: 'en' | 'ru' = 'en') {
  n++
  const u = db.insert(users).values({ email: `m${n}@example.org`, name: `Member ${n}`, locale }).returning().get()
  return db.update(users).set({ stripeCustomerId: `cus_${u.id}` }).where(eq(users.id, u.id)).returning().get()!
}

function sub(userId: number, over: Partial<SubscriptionFacts> = {}): SubscriptionFacts {
  return {
    id: `sub_${userId}`,
    customerId: `cus_${userId}`,
    status: 'active',
    priceId: 'price_friend_m',
    currentPeriodEnd: Date.now() + 30 * DAY,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    endedAt: null,
    created: Date.now(),
    userId,
    latestInvoice: null,
    ...over,
  }
}

const stateOf = (userId: number, now = Date.now()) => currentMembership(db, userId, now)?.state ?? null
const mailsTo = (email: string) => db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, email)).all().map((m) => m.template).sort()

describe('following Stripe', () => {
  test('every event replayed 5 times, shuffled and reversed, ends in the state Stripe holds now, with one mail per change', () => {
    const u = person('ru')
    // Stripe's story: created (incomplete) → active → cancelling → resumed. Each event reads back the CURRENT subscription.
    const finalState = sub(u.id)
    const events = ['evt_created', 'evt_paid', 'evt_updated1', 'evt_updated2']
    const deliveries = [...events, ...events, ...events, ...events, ...events].reverse()
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = (i * 7) % (i + 1)
      ;[deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]
    }
    const outcomes = deliveries.map((id) => applySubscription(db, finalState, { ...base, eventId: `${id}_${u.id}`, eventType: 'customer.subscription.updated' }).kind)
    expect(outcomes.filter((k) => k === 'applied')).toHaveLength(4)
    expect(outcomes.filter((k) => k === 'duplicate_event')).toHaveLength(16)
    expect(db.select().from(memberships).where(eq(memberships.userId, u.id)).all()).toHaveLength(1)
    expect(stateOf(u.id)).toBe('active')
    expect(mailsTo(u.email!)).toEqual(['membership.joined'])
    const mail = db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, u.email!)).get()!
    expect(mail.subject).toContain('Добро пожаловать')
  })

  test('an invoice before the checkout: the member appears from the subscription, by our id when the customer is new to us', () => {
    const u = db.insert(users).values({ email: 'late@example.org', name: 'Late', locale: 'en' }).returning().get()
    const r = applySubscription(db, sub(u.id, { id: 'sub_late', customerId: 'cus_late' }), { ...base, eventId: 'evt_invoice_first', eventType: 'invoice.paid' })
    expect(r.kind).toBe('applied')
    expect(db.select().from(users).where(eq(users.id, u.id)).get()!.stripeCustomerId).toBe('cus_late')
    expect(memberBenefits(db, u.id)?.planSlug).toBe('friend')
  })

  test('an unknown customer is recorded and answered; a forged user id cannot take someone else’s customer', () => {
    expect(applySubscription(db, sub(999_999, { id: 'sub_x', customerId: 'cus_nobody' }), { ...base, eventId: 'evt_unknown' }).kind).toBe('unknown_customer')
    const owner = person()
    // The subscription claims `owner` but comes from another customer: owner already has a customer, so no match.
    expect(applySubscription(db, sub(owner.id, { id: 'sub_y', customerId: 'cus_intruder' }), { ...base, eventId: 'evt_intruder' }).kind).toBe('unknown_customer')
    expect(memberBenefits(db, owner.id)).toBeNull()
  })

  test('failed renewal → grace (benefits kept) → lapsed after 14 days even if Stripe still retries; a fixed card makes it active again', () => {
    const u = person()
    const t0 = Date.now()
    applySubscription(db, sub(u.id), { ...base, eventId: `e1_${u.id}`, now: t0 })
    applySubscription(db, sub(u.id, { status: 'past_due' }), { ...base, eventId: `e2_${u.id}`, now: t0 + DAY })
    expect(stateOf(u.id, t0 + DAY)).toBe('payment_problem')
    expect(memberBenefits(db, u.id, t0 + 10 * DAY)).not.toBeNull()
    // A second failure does not restart the grace period.
    applySubscription(db, sub(u.id, { status: 'past_due', currentPeriodEnd: t0 + 40 * DAY }), { ...base, eventId: `e3_${u.id}`, now: t0 + 5 * DAY })
    expect(memberBenefits(db, u.id, t0 + DAY + GRACE_MS - 1)).not.toBeNull()
    expect(memberBenefits(db, u.id, t0 + DAY + GRACE_MS)).toBeNull()
    expect(sweepMemberships(db, base, t0 + DAY + GRACE_MS).lapsed).toHaveLength(1)
    expect(sweepMemberships(db, base, t0 + DAY + GRACE_MS + 1).lapsed).toHaveLength(0)
    applySubscription(db, sub(u.id), { ...base, eventId: `e4_${u.id}`, now: t0 + 20 * DAY })
    expect(stateOf(u.id, t0 + 20 * DAY)).toBe('active')
    expect(mailsTo(u.email!)).toEqual(['membership.joined', 'membership.lapsed', 'membership.payment_failed', 'membership.payment_fixed'])
    const kinds = db.select().from(membershipHistory).all().filter((h) => h.membershipId === currentMembership(db, u.id)!.m.id).map((h) => h.kind)
    expect(kinds).toEqual(['joined', 'payment_failed', 'lapsed', 'payment_fixed'])
  })

  test('cancel at period end → resume; upgrade and downgrade change the plan and its benefits at once', () => {
    const u = person()
    applySubscription(db, sub(u.id), { ...base, eventId: `c1_${u.id}` })
    applySubscription(db, sub(u.id, { cancelAtPeriodEnd: true }), { ...base, eventId: `c2_${u.id}` })
    expect(stateOf(u.id)).toBe('cancelling')
    expect(memberBenefits(db, u.id)).not.toBeNull()
    applySubscription(db, sub(u.id), { ...base, eventId: `c3_${u.id}` })
    expect(stateOf(u.id)).toBe('active')
    applySubscription(db, sub(u.id, { priceId: 'price_supporter_y' }), { ...base, eventId: `c4_${u.id}` })
    expect(memberBenefits(db, u.id)).toMatchObject({ planSlug: 'supporter', discountPercent: 20 })
    expect(currentMembership(db, u.id)!.m).toMatchObject({ interval: 'year', amountPence: 15000 })
    applySubscription(db, sub(u.id, { priceId: 'price_friend_m' }), { ...base, eventId: `c5_${u.id}` })
    expect(memberBenefits(db, u.id)).toMatchObject({ planSlug: 'friend', discountPercent: 10 })
    applySubscription(db, sub(u.id, { status: 'canceled' }), { ...base, eventId: `c6_${u.id}` })
    expect(stateOf(u.id)).toBe('lapsed')
    expect(memberBenefits(db, u.id)).toBeNull()
  })

  test('a second live subscription for someone who has one is refused (the caller cancels it at Stripe)', () => {
    const u = person()
    applySubscription(db, sub(u.id), { ...base, eventId: `d1_${u.id}` })
    const r = applySubscription(db, sub(u.id, { id: `sub_second_${u.id}` }), { ...base, eventId: `d2_${u.id}` })
    expect(r).toEqual({ kind: 'second_subscription', subscriptionId: `sub_second_${u.id}` })
    expect(db.select().from(memberships).where(eq(memberships.userId, u.id)).all()).toHaveLength(1)
    expect(checkJoin(db, u.id, { plan: 'supporter', interval: 'month' })).toEqual({ ok: false, error: { code: 'already_member' } })
  })
})

describe('joining is checked before Stripe', () => {
  test('retired plan, missing price, concession without one or without saying which', () => {
    const u = person()
    db.update(membershipPlans).set({ active: false }).where(eq(membershipPlans.slug, 'supporter')).run()
    expect(checkJoin(db, u.id, { plan: 'supporter', interval: 'month' })).toEqual({ ok: false, error: { code: 'retired' } })
    db.update(membershipPlans).set({ active: true }).where(eq(membershipPlans.slug, 'supporter')).run()
    expect(checkJoin(db, u.id, { plan: 'patron', interval: 'month' })).toEqual({ ok: false, error: { code: 'no_such_price' } })
    expect(checkJoin(db, u.id, { plan: 'patron', interval: 'year', concession: 'on', concessionKind: 'student' })).toEqual({ ok: false, error: { code: 'no_concession' } })
    expect(checkJoin(db, u.id, { plan: 'friend', interval: 'month', concession: 'on' })).toEqual({ ok: false, error: { code: 'concession_kind_required' } })
    expect(checkJoin(db, u.id, { plan: 'nope', interval: 'month' })).toEqual({ ok: false, error: { code: 'no_such_plan' } })
    expect(checkJoin(db, u.id, { plan: 'friend', interval: 'month', concession: 'on', concessionKind: 'refugee' })).toMatchObject({ ok: true, amountPence: 400 })
  })
})

describe('benefits in booking and at the door', () => {
  test('member price, the plan’s discount, members-only types and the presale appear when active and go when it lapses', () => {
    const u = person()
    const now = Date.now()
    const event = db
      .insert(events)
      .values({ slug: `mem-${u.id}`, status: 'published', kind: 'talk', language: 'ru', titleEn: 'E', titleRu: 'Е', startsAt: now + 10 * DAY, endsAt: now + 10 * DAY + 7_200_000, capacity: 100 })
      .returning()
      .get()
    const type = (v: Partial<typeof ticketTypes.$inferInsert>) => db.insert(ticketTypes).values({ eventId: event.id, nameEn: 'T', nameRu: 'Т', quota: 50, pricePence: 1000, ...v }).returning().get().id
    const explicit = type({ memberPricePence: 500 })
    const discounted = type({})
    const membersOnly = type({ membersOnly: true })
    const presale = type({ salesStartAt: now + 24 * 3_600_000 })
    // The holds are not tied to the person (userId null): the limit of three live holds per person
    // is ticketing's own rule and is tested there; here only the benefits decide.
    const hold = (typeId: number) => createHold(db, { eventId: event.id, quantities: new Map([[typeId, 1]]), userId: null, locale: 'en', member: memberBenefits(db, u.id, now) }, now)

    expect(hold(membersOnly)).toMatchObject({ ok: false, error: { code: 'members_only' } })
    expect(hold(presale)).toMatchObject({ ok: false, error: { code: 'not_on_sale_yet' } })
    expect(hold(discounted)).toMatchObject({ ok: true, totalPence: 1000 })

    applySubscription(db, sub(u.id), { ...base, eventId: `b1_${u.id}` })
    expect(hold(explicit)).toMatchObject({ ok: true, totalPence: 500 })
    expect(hold(discounted)).toMatchObject({ ok: true, totalPence: 900 })
    expect(hold(membersOnly)).toMatchObject({ ok: true })
    expect(hold(presale)).toMatchObject({ ok: true })

    applySubscription(db, sub(u.id, { status: 'canceled' }), { ...base, eventId: `b2_${u.id}` })
    expect(hold(explicit)).toMatchObject({ ok: true, totalPence: 1000 })
    expect(hold(membersOnly)).toMatchObject({ ok: false, error: { code: 'members_only' } })
    expect(memberUnitPrice({ pricePence: 999, memberPricePence: null }, { discountPercent: 10 })).toBe(899)
  })

  test('the card is valid while the membership counts, and not after; an unknown card says nothing', () => {
    const u = person()
    applySubscription(db, sub(u.id), { ...base, eventId: `k1_${u.id}` })
    const cardId = currentMembership(db, u.id)!.m.cardId!
    expect(cardId).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(membershipCardStatus(db, cardId)).toMatchObject({ valid: true, name: u.name, planName: { en: 'Friend of the club' } })
    applySubscription(db, sub(u.id, { status: 'canceled' }), { ...base, eventId: `k2_${u.id}` })
    expect(membershipCardStatus(db, cardId).valid).toBe(false)
    expect(membershipCardStatus(db, 'A'.repeat(22))).toEqual({ valid: false, name: null, planName: null, validUntil: null })
  })
})

describe('staff', () => {
  test('honorary grant counts until its end date and ends by itself; CSV escapes formulas and is audited; figures count a yearly plan as a twelfth', async () => {
    const { grantHonorary, membersCsv, membershipFigures, listMembers } = await import('./staff.server')
    const { auditLog } = await import('#db/schema')
    const admin = person()
    const guest = db.insert(users).values({ email: 'hon@example.org', name: '=HYPERLINK("http://evil")', locale: 'ru' }).returning().get()
    const now = Date.now()
    const endsOn = new Date(now + 3 * DAY).toISOString().slice(0, 10)
    expect(grantHonorary(db, { email: 'hon@example.org', plan: 'patron', endsOn: '2000-01-01', reason: 'x' }, admin.id, base.baseUrl, now)).toEqual({ ok: false, error: 'bad_date' })
    expect(grantHonorary(db, { email: 'nobody@example.org', plan: 'patron', endsOn, reason: 'x' }, admin.id, base.baseUrl, now)).toEqual({ ok: false, error: 'no_person' })
    const g = grantHonorary(db, { email: 'hon@example.org', plan: 'patron', endsOn, reason: 'Speaker of the season' }, admin.id, base.baseUrl, now)
    expect(g.ok).toBe(true)
    expect(grantHonorary(db, { email: 'hon@example.org', plan: 'patron', endsOn, reason: 'again' }, admin.id, base.baseUrl, now)).toEqual({ ok: false, error: 'already_member' })
    expect(memberBenefits(db, guest.id, now)?.planSlug).toBe('patron')
    expect(memberBenefits(db, guest.id, now + 5 * DAY)).toBeNull()
    expect(sweepMemberships(db, base, now + 5 * DAY).ended).toContain((g as { membershipId: number }).membershipId)
    expect(listMembers(db, { q: 'hyperlink' }, now)).toHaveLength(1)
    const csv = membersCsv(db, { q: 'hyperlink' }, admin.id, now)
    expect(csv).toContain(`'=HYPERLINK`)
    const actions = db.select().from(auditLog).all().map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['membership.honorary_granted', 'membership.honorary_ended', 'members.exported']))
    // One yearly supporter at £150 adds £12.50 a month.
    const before = membershipFigures(db, now).mrrPence
    const y = person()
    applySubscription(db, sub(y.id, { priceId: 'price_supporter_y' }), { ...base, eventId: `f1_${y.id}`, now })
    expect(membershipFigures(db, now).mrrPence - before).toBe(1250)
  })
})
