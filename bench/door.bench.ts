/**
 * The door burst: scans arriving over the door API from many devices at once. Prints verdicts per
 * second at 50 connections and p99 at a fixed offered rate of 500 scans/s (autocannon -R), each
 * beside the minimal Remix POST route (/bench/baseline) measured in the same run.
 *
 * Each request redeems a different ticket (admitted) until the list runs out, then repeats
 * (already checked in): both are verdicts, and the once-only guard is checked at the end.
 *
 * Aim (the issue): at least 1,500 verdicts/s, p99 under 20 ms at 500 offered/s.
 */
import crypto from 'node:crypto'
import { startBenchServer, measure, report } from './lib'
import { signInAs } from '../tests/support/sign-in'
import { createTestEvent, openDb, query } from '../tests/support/ticketing'

const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const TICKETS = 20_000
const app = await startBenchServer()
try {
  const { eventId, typeIds } = createTestEvent(app.databasePath, { capacity: TICKETS, types: [{ pricePence: 0, quota: TICKETS }], startsInDays: 0 })
  // Tickets written straight into the database (booking them over HTTP is the booking bench's job).
  const db = openDb(app.databasePath)
  const codes: string[] = []
  db.transaction(() => {
    for (let i = 0; i < TICKETS / 10; i++) {
      const order = db
        .prepare(`insert into orders (code, event_id, buyer_name, buyer_email, status, total_pence, expires_at, paid_at) values (?, ?, ?, ?, 'paid', 0, 0, 0)`)
        .run(crypto.randomBytes(24).toString('base64url'), eventId, `Гость ${i}`, `guest${i}@example.org`).lastInsertRowid
      db.prepare('insert into order_items (order_id, ticket_type_id, quantity, unit_price_pence) values (?, ?, 10, 0)').run(order, typeIds[0])
      for (let j = 0; j < 10; j++) {
        const code = crypto.randomBytes(18).toString('base64url')
        codes.push(code)
        db.prepare('insert into tickets (order_id, event_id, ticket_type_id, code, holder_name) values (?, ?, ?, ?, ?)').run(order, eventId, typeIds[0], code, `Гость ${i}-${j}`)
      }
    }
  })()
  db.close()
  const cookie = await signInAs(app, 'door')
  const headers = { 'content-type': 'application/json', cookie, origin: app.url }
  let i = 0
  const scan = () => JSON.stringify({ code: codes[i++ % codes.length], nonce: crypto.randomBytes(16).toString('base64url'), deviceId: 'bench' })
  const url = `${app.url}/api/door/events/${eventId}/redeem`
  const form = { 'content-type': 'application/x-www-form-urlencoded' }

  await measure('warm-up', { url: `${app.url}/bench/baseline`, method: 'POST', headers: form, body: 'n=1', duration: 2, connections: 10 })
  await measure('warm-up', { url, method: 'POST', duration: 2, connections: 10, requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: scan() }) }] })

  const baseline = await measure('POST /bench/baseline (minimal Remix POST), 50 connections', { url: `${app.url}/bench/baseline`, method: 'POST', headers: form, body: 'n=1', duration: DURATION, connections: 50 })
  const burst = await measure('door redeem, 50 connections', { url, method: 'POST', duration: DURATION, connections: 50, requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: scan() }) }] })
  const baselineRated = await measureRated('POST /bench/baseline at 500/s', `${app.url}/bench/baseline`, form, () => 'n=1')
  const rated = await measureRated('door redeem at 500 offered/s', url, headers, scan)
  report(baseline, [burst, baselineRated, rated])

  const admitted = Number(query<{ n: number }>(app.databasePath, 'select count(*) as n from check_ins')[0]!.n)
  const distinct = Number(query<{ n: number }>(app.databasePath, 'select count(distinct ticket_id) as n from check_ins')[0]!.n)
  console.log(`\nverdicts per second at 50 connections: ${burst.rps.toFixed(0)} (ratio to baseline ${(burst.rps / baseline.rps).toFixed(2)}), p99 ${burst.p99} ms`)
  console.log(`p99 at 500 offered/s: ${rated.p99} ms (baseline at the same rate: ${baselineRated.p99} ms, ratio ${(rated.p99 / Math.max(1, baselineRated.p99)).toFixed(2)})`)
  console.log(`admissions: ${admitted} rows for ${distinct} tickets (once-only guard: ${admitted === distinct ? 'held' : 'BROKEN'})`)
  const ok = burst.rps >= 1500 && rated.p99 < 20
  console.log(`aim (≥ 1,500 verdicts/s, p99 < 20 ms at 500/s): ${ok ? 'met' : 'NOT met'}`)
  if (admitted !== distinct) process.exitCode = 1
} finally {
  await app.stop()
}

async function measureRated(name: string, url: string, headers: Record<string, string>, body: () => string) {
  const { default: autocannon } = await import('autocannon')
  const result = await autocannon({ url, method: 'POST', connections: 50, overallRate: 500, duration: DURATION, requests: [{ method: 'POST', headers, setupRequest: (r) => ({ ...r, body: body() }) }] })
  return { name, rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}
