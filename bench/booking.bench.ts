/**
 * The booking rush: many connections booking at once. Prints holds per second, p99 latency and
 * seats sold versus capacity, beside the minimal Remix POST route (/bench/baseline) measured in the
 * same run on the same machine.
 *
 * Aim (the issue): at least 400 holds per second (pretix documents 300–400 tickets per minute per
 * event), p99 under 250 ms, zero oversold.
 */
import { startBenchServer, measure, report } from './lib'
import { createTestEvent, query } from '../tests/support/ticketing'

const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const app = await startBenchServer()
try {
  const big = createTestEvent(app.databasePath, { capacity: 100_000, types: [{ pricePence: 800, quota: 100_000, maxPerOrder: 10 }] })
  const small = createTestEvent(app.databasePath, { capacity: 500, types: [{ pricePence: 800, quota: 500, maxPerOrder: 10 }] })
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const seats = (eventId: number) =>
    Number(
      query<{ n: number }>(app.databasePath, `select coalesce(sum(quantity), 0) as n from order_items join orders on orders.id = order_items.order_id where orders.event_id = ? and orders.status in ('pending', 'paid')`, eventId)[0]!.n,
    )
  const orders = (eventId: number) => Number(query<{ n: number }>(app.databasePath, 'select count(*) as n from orders where event_id = ?', eventId)[0]!.n)

  // Warm up both routes (JIT, caches), then measure.
  await measure('warm-up', { url: `${app.url}/bench/baseline`, method: 'POST', headers: form, body: 'n=1', duration: 2, connections: 10 })
  // The rush's own warm-up at full load: JIT for the hold path and the group commit's larger groups.
  await measure('warm-up', { url: `${app.url}/events/${big.slug}/book`, method: 'POST', headers: form, body: `qty_${big.typeIds[0]}=1`, duration: 3, connections: 50 })
  const warmOrders = orders(big.eventId)

  const baseline = await measure('POST /bench/baseline (minimal Remix POST)', { url: `${app.url}/bench/baseline`, method: 'POST', headers: form, body: 'n=1', duration: DURATION, connections: 50 })
  const rush = await measure('booking rush, 100 000 seats (1 seat per hold)', {
    url: `${app.url}/events/${big.slug}/book`,
    method: 'POST',
    headers: form,
    body: `qty_${big.typeIds[0]}=1`,
    duration: DURATION,
    connections: 50,
  })
  const holds = orders(big.eventId) - warmOrders
  // The sold-out rush: 200 connections for 500 seats, 1–3 seats a request.
  const soldOut = await measure('booking rush, 500 seats, 200 connections (sells out)', {
    url: `${app.url}/events/${small.slug}/book`,
    method: 'POST',
    headers: form,
    duration: Math.max(3, Math.round(DURATION / 2)),
    connections: 200,
    requests: [{ method: 'POST', headers: form, setupRequest: (req) => ({ ...req, body: `qty_${small.typeIds[0]}=${1 + Math.floor(Math.random() * 3)}` }) }],
  })
  // Redirects (303 = a hold) and 409s (sold out) are the expected answers, not errors.
  report(baseline, [rush, soldOut])
  const bigSeats = seats(big.eventId)
  const smallSeats = seats(small.eventId)
  const holdsPerSecond = holds / DURATION
  console.log(`\nholds per second (100 000-seat event): ${holdsPerSecond.toFixed(0)} (${holds} holds in ${DURATION} s), p99 ${rush.p99} ms, ratio to baseline req/s ${(rush.rps / baseline.rps).toFixed(2)}`)
  console.log(`seats held versus capacity: ${bigSeats} / 100000 and ${smallSeats} / 500 → oversold: ${Math.max(0, bigSeats - 100_000) + Math.max(0, smallSeats - 500)}`)
  const ok = holdsPerSecond >= 400 && rush.p99 < 250 && smallSeats <= 500 && bigSeats <= 100_000
  console.log(`aim (≥ 400 holds/s, p99 < 250 ms, zero oversold): ${ok ? 'met' : 'NOT met'}`)
  if (smallSeats > 500 || bigSeats > 100_000) process.exitCode = 1
} finally {
  await app.stop()
}
