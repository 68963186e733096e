/**
 * The sandbox's own state: Checkout Sessions, payment intents, charges, refunds, customers,
 * products, prices, subscriptions, invoices, payment methods, test clocks, portal sessions, events
 * and idempotency keys, in a SQLite file of its own in the data folder (never in the club's database,
 * so nothing of the play money can mix with real orders).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type Stripe from 'stripe'

export type SandboxObject =
  | Stripe.Checkout.Session
  | Stripe.PaymentIntent
  | Stripe.Charge
  | Stripe.Refund
  | Stripe.Customer
  | Stripe.Product
  | Stripe.Price
  | Stripe.Subscription
  | Stripe.Invoice
  | Stripe.PaymentMethod
  | Stripe.TestHelpers.TestClock
  | Stripe.BillingPortal.Session

/** What an event or object is linked to, so tests can ask for "everything about this subscription". */
export type Links = { sessionId?: string | null; paymentIntent?: string | null; subscription?: string | null }

export class SandboxStore {
  readonly sqlite: Database.Database
  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.sqlite = new Database(path.join(dataDir, 'stripe-sandbox.db'))
    this.sqlite.pragma('journal_mode = WAL')
    this.sqlite.pragma('busy_timeout = 5000')
    this.sqlite.exec(`
      create table if not exists objects (id text primary key, type text not null, data text not null, session_id text, payment_intent text);
      create index if not exists objects_session on objects(session_id);
      create index if not exists objects_pi on objects(payment_intent);
      create table if not exists events (seq integer primary key autoincrement, id text not null unique, type text not null, created integer not null, data text not null, session_id text, payment_intent text);
      create table if not exists idempotency (key text primary key, request_hash text not null, status integer not null, body text not null, created integer not null);
    `)
    // Added with subscriptions; a sandbox file from before them gains the column.
    const columns = (this.sqlite.prepare('pragma table_info(events)').all() as { name: string }[]).map((c) => c.name)
    if (!columns.includes('subscription')) this.sqlite.exec('alter table events add column subscription text')
    this.sqlite.exec('create index if not exists events_subscription on events(subscription)')
  }

  newId(prefix: string) {
    return `${prefix}_test_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`
  }

  put<T extends SandboxObject>(obj: T, links: Links = {}): T {
    this.sqlite
      .prepare(
        `insert into objects (id, type, data, session_id, payment_intent) values (?, ?, ?, ?, ?)
         on conflict(id) do update set data = excluded.data, session_id = coalesce(excluded.session_id, objects.session_id), payment_intent = coalesce(excluded.payment_intent, objects.payment_intent)`,
      )
      .run(obj.id, obj.object, JSON.stringify(obj), links.sessionId ?? null, links.paymentIntent ?? null)
    return obj
  }

  get<T extends SandboxObject>(id: string, type: T['object']): T | null {
    const row = this.sqlite.prepare('select data from objects where id = ? and type = ?').get(id, type) as { data: string } | undefined
    return row ? (JSON.parse(row.data) as T) : null
  }

  list<T extends SandboxObject>(type: T['object'], where: { paymentIntent?: string; sessionId?: string } = {}): T[] {
    const rows = this.sqlite
      .prepare(
        `select data from objects where type = ? ${where.paymentIntent ? 'and payment_intent = @pi' : ''} ${where.sessionId ? 'and session_id = @sid' : ''} order by rowid desc`,
      )
      .all(type, { pi: where.paymentIntent, sid: where.sessionId }) as { data: string }[]
    return rows.map((r) => JSON.parse(r.data) as T)
  }

  /** Objects of one type whose JSON field equals a value (e.g. subscriptions of a customer), newest first. */
  where<T extends SandboxObject>(type: T['object'], field: string, value: string | number | null): T[] {
    const rows = this.sqlite
      .prepare(`select data from objects where type = ? and json_extract(data, ?) is ? order by rowid desc`)
      .all(type, `$.${field}`, value) as { data: string }[]
    return rows.map((r) => JSON.parse(r.data) as T)
  }

  /** Records an event (Stripe's envelope) and returns it. */
  addEvent(type: string, object: SandboxObject, links: Links = {}, previousAttributes?: Record<string, unknown>): Stripe.Event {
    const event = {
      id: this.newId('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event
    this.sqlite
      .prepare('insert into events (id, type, created, data, session_id, payment_intent, subscription) values (?, ?, ?, ?, ?, ?, ?)')
      .run(event.id, type, event.created, JSON.stringify(event), links.sessionId ?? null, links.paymentIntent ?? null, links.subscription ?? null)
    return event
  }

  events(where: { sessionId?: string; paymentIntent?: string; subscription?: string } = {}): Stripe.Event[] {
    const clauses: string[] = []
    if (where.sessionId) clauses.push('session_id = @sid')
    if (where.paymentIntent) clauses.push('payment_intent = @pi')
    if (where.subscription) clauses.push('subscription = @sub')
    const rows = this.sqlite
      .prepare(`select data from events ${clauses.length ? `where ${clauses.join(' or ')}` : ''} order by seq`)
      .all({ sid: where.sessionId, pi: where.paymentIntent, sub: where.subscription }) as { data: string }[]
    return rows.map((r) => JSON.parse(r.data) as Stripe.Event)
  }

  idempotent(key: string): { requestHash: string; status: number; body: string } | null {
    const row = this.sqlite.prepare('select request_hash as requestHash, status, body from idempotency where key = ?').get(key) as
      | { requestHash: string; status: number; body: string }
      | undefined
    return row ?? null
  }

  remember(key: string, requestHash: string, status: number, body: string) {
    this.sqlite
      .prepare('insert or ignore into idempotency (key, request_hash, status, body, created) values (?, ?, ?, ?, ?)')
      .run(key, requestHash, status, body, Date.now())
  }

  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate()
  }
}
