/**
 * Every table of the club's platform, in one readable place.
 *
 * Conventions (see ../shared/ARCHITECTURE.md):
 * - instants are integer milliseconds since the epoch, UTC (`*At` columns); luxon converts at the edges;
 * - money is integer minor units (pence) with an ISO currency code beside it;
 * - internal keys are integers; anything that leaves the server (order codes, ticket codes,
 *   tokens) is a separate unguessable column;
 * - bilingual content is a pair of columns, `…En` and `…Ru`;
 * - what must happen once is guarded by a unique constraint, not by a read-then-write.
 */
import { sql } from 'drizzle-orm'
import { ROLES, type Role } from '../app/accounts/permissions'
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`
const createdAt = () => integer('created_at').notNull().default(now)
const updatedAt = () => integer('updated_at').notNull().default(now)

export const LOCALES = ['en', 'ru'] as const
export type Locale = (typeof LOCALES)[number]

// ---------------------------------------------------------------- the app itself

/** Small facts about this database: when it was seeded, schema notes. */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
})

// ---------------------------------------------------------------- people and accounts

// Roles and what each may do are one table in app/accounts/permissions.ts.
export { ROLES, type Role }

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Lower-cased. Null once the account is deleted and anonymised. */
    email: text('email'),
    emailVerifiedAt: integer('email_verified_at'),
    name: text('name').notNull(),
    /** argon2id; null for people who only ever bought as guests or signed in by link. */
    passwordHash: text('password_hash'),
    locale: text('locale', { enum: LOCALES }).notNull().default('en'),
    /** May the club write about its programme (not about orders, which always get mail). */
    newsletterOptIn: integer('newsletter_opt_in', { mode: 'boolean' }).notNull().default(false),
    privacyAcceptedAt: integer('privacy_accepted_at'),
    stripeCustomerId: text('stripe_customer_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_stripe_customer_unique').on(t.stripeCustomerId),
  ],
)

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    grantedByUserId: integer('granted_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

/** A signed-in browser. The cookie carries `id`, signed; the row lets a person revoke it. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at').notNull().default(now),
    expiresAt: integer('expires_at').notNull(),
    /** Only a coarse description ("Firefox on Linux"); no IP addresses are kept. */
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const VERIFICATION_PURPOSES = [
  'confirm_email',
  'sign_in_link',
  'reset_password',
  'change_email',
] as const
export type VerificationPurpose = (typeof VERIFICATION_PURPOSES)[number]

/** One-time links and codes. Only hashes are stored; each is single use and expires. */
export const verifications = sqliteTable(
  'verifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purpose: text('purpose', { enum: VERIFICATION_PURPOSES }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The address the message went to (the new one, for an email change). */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('verifications_token_unique').on(t.tokenHash)],
)

// ---------------------------------------------------------------- the programme

export const speakers = sqliteTable(
  'speakers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    nameEn: text('name_en').notNull(),
    nameRu: text('name_ru').notNull(),
    /** Short line under the name: "novelist", "journalist, Novaya Gazeta". */
    roleEn: text('role_en').notNull().default(''),
    roleRu: text('role_ru').notNull().default(''),
    bioEn: text('bio_en').notNull().default(''),
    bioRu: text('bio_ru').notNull().default(''),
    /** Path under the data folder's uploads, re-encoded by the server. */
    photoPath: text('photo_path'),
    /** JSON array of { kind, url }. */
    links: text('links', { mode: 'json' }).$type<{ kind: string; url: string }[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('speakers_slug_unique').on(t.slug)],
)

export const venues = sqliteTable(
  'venues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    nameEn: text('name_en').notNull(),
    nameRu: text('name_ru').notNull(),
    addressEn: text('address_en').notNull(),
    addressRu: text('address_ru').notNull(),
    /** How to find the door, accessibility notes. */
    directionsEn: text('directions_en').notNull().default(''),
    directionsRu: text('directions_ru').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('venues_slug_unique').on(t.slug)],
)

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]
export const EVENT_KINDS = [
  'talk',
  'screening',
  'reading',
  'discussion',
  'concert',
  'training',
  'exhibition',
  'social',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]
export const EVENT_LANGUAGES = ['ru', 'en', 'both'] as const
export type EventLanguage = (typeof EVENT_LANGUAGES)[number]

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    /** The language the event is held in. */
    language: text('language', { enum: EVENT_LANGUAGES }).notNull(),
    titleEn: text('title_en').notNull(),
    titleRu: text('title_ru').notNull(),
    summaryEn: text('summary_en').notNull().default(''),
    summaryRu: text('summary_ru').notNull().default(''),
    /** Markdown, sanitised when rendered. */
    descriptionEn: text('description_en').notNull().default(''),
    descriptionRu: text('description_ru').notNull().default(''),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    venueId: integer('venue_id').references(() => venues.id, { onDelete: 'restrict' }),
    /** Sensitive events: the address is shown to ticket holders only, never on public pages or feeds. */
    addressHidden: integer('address_hidden', { mode: 'boolean' }).notNull().default(false),
    /** Seats shared by every ticket type of the event. */
    capacity: integer('capacity').notNull().default(0),
    /**
     * pretix's "require approval": a booking waits for staff to approve it (before payment, for a
     * paid event; before the places are confirmed, for a free one). Added in issue #9.
     */
    requiresApproval: integer('requires_approval', { mode: 'boolean' }).notNull().default(false),
    /** Most seats one order may hold, whatever its ticket types allow (staff set it). Added in issue #9. */
    maxSeatsPerOrder: integer('max_seats_per_order').notNull().default(10),
    imagePath: text('image_path'),
    publishedAt: integer('published_at'),
    cancelledAt: integer('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('events_slug_unique').on(t.slug),
    index('events_status_starts_idx').on(t.status, t.startsAt),
  ],
)

export const eventSpeakers = sqliteTable(
  'event_speakers',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    speakerId: integer('speaker_id')
      .notNull()
      .references(() => speakers.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.speakerId] }),
    index('event_speakers_speaker_idx').on(t.speakerId),
  ],
)

// ---------------------------------------------------------------- ticketing

export const ticketTypes = sqliteTable(
  'ticket_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    nameEn: text('name_en').notNull(),
    nameRu: text('name_ru').notNull(),
    descriptionEn: text('description_en').notNull().default(''),
    descriptionRu: text('description_ru').notNull().default(''),
    /** 0 means free: booked as an RSVP without Stripe. */
    pricePence: integer('price_pence').notNull().default(0),
    /** The price for members with an active membership; null means no member price. */
    memberPricePence: integer('member_price_pence'),
    currency: text('currency').notNull().default('GBP'),
    quota: integer('quota').notNull(),
    maxPerOrder: integer('max_per_order').notNull().default(10),
    salesStartAt: integer('sales_start_at'),
    salesEndAt: integer('sales_end_at'),
    membersOnly: integer('members_only', { mode: 'boolean' }).notNull().default(false),
    position: integer('position').notNull().default(0),
    archivedAt: integer('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('ticket_types_event_idx').on(t.eventId)],
)

export const ORDER_STATUSES = [
  /** Seats held, waiting for payment (or for the RSVP to be confirmed). */
  'pending',
  'paid',
  /** The hold ran out before payment; its seats are free again. */
  'expired',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Unguessable; the guest's private link to the order. */
    code: text('code').notNull(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'restrict' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Null once the buyer deleted their account: paid orders keep amounts and dates only. */
    buyerName: text('buyer_name'),
    buyerEmail: text('buyer_email'),
    locale: text('locale', { enum: LOCALES }).notNull().default('en'),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    totalPence: integer('total_pence').notNull(),
    refundedPence: integer('refunded_pence').notNull().default(0),
    currency: text('currency').notNull().default('GBP'),
    /** When the hold gives its seats back (pending orders only). */
    expiresAt: integer('expires_at').notNull(),
    stripeCheckoutSessionId: text('stripe_checkout_session_id'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    /** What the buyer was told when a payment arrived after the hold expired. */
    lateOutcome: text('late_outcome', { enum: ['accepted', 'refunded'] }),
    paidAt: integer('paid_at'),
    confirmationSentAt: integer('confirmation_sent_at'),
    /**
     * When the buyer proved the email is theirs (a 6-digit code sent there, or signed in with a
     * verified address that matches). A free RSVP counts only once confirmed, and a hidden address is
     * shown on the order page only then. Added in issue #9.
     */
    emailConfirmedAt: integer('email_confirmed_at'),
    /** sha256 of the order code and the 6-digit code last sent; null once used. */
    emailCodeHash: text('email_code_hash'),
    /** Wrong guesses at the current code: after a few the code is void and a new one must be sent. */
    emailCodeAttempts: integer('email_code_attempts').notNull().default(0),
    /** How many codes were sent for this order (a cap, so the form cannot be used to send spam). */
    emailCodesSent: integer('email_codes_sent').notNull().default(0),
    /**
     * For events that need approval: null (not asked yet), waiting (seats kept while staff decide),
     * approved (a paid order may now be paid; a free one is confirmed), declined (seats given back).
     * Added in issue #9.
     */
    approval: text('approval', { enum: ['waiting', 'approved', 'declined'] }),
    /**
     * When Checkout completed unpaid with a delayed method (a bank transfer): the seats are kept
     * (longer) while the money travels, and the buyer is told so. Added in issue #9.
     */
    awaitingPaymentSince: integer('awaiting_payment_since'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_code_unique').on(t.code),
    uniqueIndex('orders_checkout_session_unique').on(t.stripeCheckoutSessionId),
    index('orders_event_status_idx').on(t.eventId, t.status),
    index('orders_user_idx').on(t.userId),
    index('orders_status_expires_idx').on(t.status, t.expiresAt),
    // Live holds per buyer's email, counted in the hold transaction (issue #9).
    index('orders_buyer_email_status_idx').on(t.buyerEmail, t.status),
  ],
)

export const orderItems = sqliteTable(
  'order_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    ticketTypeId: integer('ticket_type_id')
      .notNull()
      .references(() => ticketTypes.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    unitPricePence: integer('unit_price_pence').notNull(),
  },
  (t) => [
    index('order_items_order_idx').on(t.orderId),
    index('order_items_type_idx').on(t.ticketTypeId),
  ],
)

export const TICKET_STATUSES = ['valid', 'void'] as const

/** One seat. `code` is the secret in the QR code; it is what the door scans. */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'restrict' }),
    ticketTypeId: integer('ticket_type_id')
      .notNull()
      .references(() => ticketTypes.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    holderName: text('holder_name'),
    status: text('status', { enum: TICKET_STATUSES }).notNull().default('valid'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tickets_code_unique').on(t.code),
    index('tickets_event_idx').on(t.eventId),
    index('tickets_order_idx').on(t.orderId),
  ],
)

/** A ticket is admitted once: the unique ticket id is the guard, also for offline scans synced later. */
export const checkIns = sqliteTable(
  'check_ins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    checkedInAt: integer('checked_in_at').notNull(),
    staffUserId: integer('staff_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** `walk_in`: sold and admitted at the door (a text enum: adding a value needs no migration). */
    method: text('method', { enum: ['scan', 'search', 'offline_sync', 'walk_in'] }).notNull(),
    deviceId: text('device_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('check_ins_ticket_unique').on(t.ticketId)],
)

// ---------------------------------------------------------------- the door (issue 11; additive)

/**
 * Every door request that names a ticket, by its client nonce: the same nonce sent again (a retry,
 * an offline queue sent twice) answers the stored verdict and records nothing new; the nonce with
 * a different code is refused. `subject` is `h:<codeHash>` or `t:<ticketId>`: never the raw code.
 */
export const doorScans = sqliteTable(
  'door_scans',
  {
    nonce: text('nonce').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** The JSON answered the first time, answered again as it was. */
    verdict: text('verdict', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    staffUserId: integer('staff_user_id').references(() => users.id, { onDelete: 'set null' }),
    deviceId: text('device_id'),
    /** When the device scanned (offline scans arrive later); createdAt is when the server heard of it. */
    scannedAt: integer('scanned_at').notNull(),
    offline: integer('offline', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('door_scans_event_idx').on(t.eventId, t.createdAt)],
)

/** Admissions taken back at the door ("wrong person"), with who admitted and who undid. The check-in row itself is deleted, so the ticket may be admitted again. */
export const checkInUndos = sqliteTable(
  'check_in_undos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The undo request's nonce: a retried undo is recorded once. */
    nonce: text('nonce').notNull(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    checkedInAt: integer('checked_in_at').notNull(),
    admittedByUserId: integer('admitted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    admittedDeviceId: text('admitted_device_id'),
    undoneByUserId: integer('undone_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    undoneDeviceId: text('undone_device_id'),
    undoneAt: integer('undone_at').notNull(),
  },
  (t) => [uniqueIndex('check_in_undos_nonce_unique').on(t.nonce), index('check_in_undos_event_idx').on(t.eventId)],
)

/**
 * A ticket admitted on two devices while one of them was offline: the second admission is refused
 * when it syncs, and both are kept here so staff see who let whom in, where and when.
 */
export const doorConflicts = sqliteTable(
  'door_conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The admission that counts. */
    firstAt: integer('first_at').notNull(),
    firstUserId: integer('first_user_id').references(() => users.id, { onDelete: 'set null' }),
    firstDeviceId: text('first_device_id'),
    /** The offline admission that arrived second. */
    secondAt: integer('second_at').notNull(),
    secondUserId: integer('second_user_id').references(() => users.id, { onDelete: 'set null' }),
    secondDeviceId: text('second_device_id'),
    /** One conflict per offline scan, however often its queue is sent. */
    nonce: text('nonce').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('door_conflicts_nonce_unique').on(t.nonce), index('door_conflicts_event_idx').on(t.eventId)],
)

export const DOOR_PAYMENTS = ['cash', 'card_reader'] as const
export type DoorPayment = (typeof DOOR_PAYMENTS)[number]

/** A walk-in sale: an order sold at the door (through the same holds and quotas), the money taken and how. */
export const doorSales = sqliteTable(
  'door_sales',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The request's nonce: a double tap or a retry sells once. */
    nonce: text('nonce').notNull(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'restrict' }),
    payment: text('payment', { enum: DOOR_PAYMENTS }).notNull(),
    amountPence: integer('amount_pence').notNull(),
    currency: text('currency').notNull().default('GBP'),
    soldByUserId: integer('sold_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    deviceId: text('device_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('door_sales_nonce_unique').on(t.nonce),
    uniqueIndex('door_sales_order_unique').on(t.orderId),
    index('door_sales_event_idx').on(t.eventId),
  ],
)

// ---------------------------------------------------------------- membership

export const membershipPlans = sqliteTable(
  'membership_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    nameEn: text('name_en').notNull(),
    nameRu: text('name_ru').notNull(),
    descriptionEn: text('description_en').notNull().default(''),
    descriptionRu: text('description_ru').notNull().default(''),
    pricePence: integer('price_pence').notNull(),
    currency: text('currency').notNull().default('GBP'),
    interval: text('interval', { enum: ['month', 'year'] }).notNull(),
    stripePriceId: text('stripe_price_id'),
    /** False once retired: existing members keep it, nobody can join or switch to it. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    // Membership issue (additive). A plan has a monthly and/or a yearly price; `pricePence` and
    // `interval` above stay as the plan's headline price for older readers.
    benefitsEn: text('benefits_en').notNull().default(''),
    benefitsRu: text('benefits_ru').notNull().default(''),
    monthlyPricePence: integer('monthly_price_pence'),
    yearlyPricePence: integer('yearly_price_pence'),
    /** Students, refugees, pensioners: null means the plan has no concession. */
    concessionMonthlyPricePence: integer('concession_monthly_price_pence'),
    concessionYearlyPricePence: integer('concession_yearly_price_pence'),
    /** Percent off a ticket type's price when it has no explicit member price. */
    memberDiscountPercent: integer('member_discount_percent').notNull().default(0),
    /** Members may book this many hours before general sale opens. */
    presaleLeadHours: integer('presale_lead_hours').notNull().default(0),
    /** Whether the plan admits to members-only ticket types and events. */
    admitsMembersOnly: integer('admits_members_only', { mode: 'boolean' }).notNull().default(true),
    /** Stripe price ids per (interval, concession), written by `npm run stripe:sync` or the sandbox. */
    stripePriceIds: text('stripe_price_ids', { mode: 'json' }).$type<Partial<Record<PlanPriceKey, string>>>().notNull().default(sql`'{}'`),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('membership_plans_slug_unique').on(t.slug)],
)

/** Which of a plan's prices (the names app/payments/billing.server.ts gives Stripe's lookup keys). */
export type PlanPriceKey = 'monthly' | 'yearly' | 'concession_monthly' | 'concession_yearly'

export const MEMBERSHIP_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'paused',
] as const

export const memberships = sqliteTable(
  'memberships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    planId: integer('plan_id')
      .notNull()
      .references(() => membershipPlans.id, { onDelete: 'restrict' }),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull(),
    stripeSubscriptionId: text('stripe_subscription_id'),
    currentPeriodEnd: integer('current_period_end'),
    cancelAtPeriodEnd: integer('cancel_at_period_end', { mode: 'boolean' })
      .notNull()
      .default(false),
    /** Stripe's own timestamp of the last event applied, so a stale event never rolls state back. */
    stripeUpdatedAt: integer('stripe_updated_at'),
    // Membership issue (additive).
    /** `stripe`: a subscription; `honorary`: granted by hand, no Stripe, ends on `endsAt`. */
    source: text('source', { enum: ['stripe', 'honorary'] }).notNull().default('stripe'),
    interval: text('interval', { enum: ['month', 'year'] }),
    /** Price of one period, as subscribed (pence), for the account page and recurring revenue. */
    amountPence: integer('amount_pence'),
    concession: integer('concession', { mode: 'boolean' }).notNull().default(false),
    /** What the member said: student, refugee, pensioner. Staff can review it. */
    concessionKind: text('concession_kind', { enum: ['student', 'refugee', 'pensioner'] }),
    /** Random id on the membership card's signed code; carries nothing personal. */
    cardId: text('card_id'),
    /** The first failed renewal of the current trouble; our grace period counts from here. */
    paymentFailedAt: integer('payment_failed_at'),
    /** Honorary: the last day (exclusive instant) it counts. */
    endsAt: integer('ends_at'),
    reason: text('reason'),
    grantedByUserId: integer('granted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    startedAt: integer('started_at'),
    /** When it stopped counting (canceled, lapsed after grace, honorary ended). */
    endedAt: integer('ended_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('memberships_subscription_unique').on(t.stripeSubscriptionId),
    uniqueIndex('memberships_card_unique').on(t.cardId),
    index('memberships_user_idx').on(t.userId),
  ],
)

/** A member's history for staff: joined, plan changes, failed payments, cancellations, ends. */
export const membershipHistory = sqliteTable(
  'membership_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    /** joined, plan_changed, payment_failed, payment_fixed, cancelling, resumed, lapsed, ended, granted */
    kind: text('kind').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('membership_history_membership_idx').on(t.membershipId, t.at)],
)

/** A concession claimed when joining (student, refugee, pensioner), read when the subscription arrives. */
export const membershipClaims = sqliteTable('membership_claims', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  planId: integer('plan_id').notNull(),
  concessionKind: text('concession_kind', { enum: ['student', 'refugee', 'pensioner'] }).notNull(),
  claimedAt: createdAt(),
})

/** Subscription events for customers we do not know: recorded and answered, never a crash. */
export const unmatchedPaymentEvents = sqliteTable('unmatched_payment_events', {
  stripeEventId: text('stripe_event_id').primaryKey(),
  type: text('type').notNull(),
  stripeCustomerId: text('stripe_customer_id'),
  stripeSubscriptionId: text('stripe_subscription_id'),
  receivedAt: createdAt(),
})

// ---------------------------------------------------------------- payments, mail, audit

/** Each Stripe event id is processed once: inserted in the same transaction as its effect. */
export const processedPaymentEvents = sqliteTable('processed_payment_events', {
  stripeEventId: text('stripe_event_id').primaryKey(),
  type: text('type').notNull(),
  processedAt: createdAt(),
})

/** Outgoing mail. Written in the transaction that causes it, delivered after. */
export const outgoingEmails = sqliteTable(
  'outgoing_emails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Makes "one confirmation per order" a constraint: e.g. `order-confirmation:42`. */
    dedupeKey: text('dedupe_key'),
    toAddress: text('to_address').notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** JSON array of { filename, contentType, content (base64), cid? }. */
    attachments: text('attachments', { mode: 'json' })
      .$type<{ filename: string; contentType: string; content: string; cid?: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    status: text('status', { enum: ['queued', 'sent', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('outgoing_emails_dedupe_unique').on(t.dedupeKey),
    index('outgoing_emails_status_idx').on(t.status),
  ],
)

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** e.g. `role.granted`, `attendees.exported`, `order.refunded`. */
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
)
