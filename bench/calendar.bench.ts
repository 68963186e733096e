/**
 * npm run bench -- calendar: /events and an event page with 500 upcoming events and 200 speakers in
 * the database, at 50 connections, as ratios to the minimal baseline route measured in the same run.
 * Aim: req/s ratio ≥ 0.8 and p99 under 100 ms.
 *
 * Measured twice, on two servers:
 * - as anonymous visitors are served: public pages reused for PUBLIC_PAGE_CACHE_SECONDS (2 s) by
 *   app/http/page-cache.server.ts, rendered about once per page per 2 s;
 * - with that cache off (PUBLIC_PAGE_CACHE_SECONDS=0): every request rendered, which is what
 *   signed-in members always get.
 * The baseline route is never cached, in either run.
 */
import { DateTime } from 'luxon'
import { seedCalendarBench } from './calendar-data'
import { measure, report, startBenchServer, type Result } from './lib'

const duration = Number(process.env.BENCH_DURATION ?? 10)
const nextMonth = DateTime.now().setZone('Europe/London').plus({ months: 1 }).toFormat('yyyy-LL')

async function run(label: string, env: Record<string, string>) {
  const app = await startBenchServer(env)
  try {
    const counts = seedCalendarBench(app.databasePath)
    console.log(`\n--- ${label}\nDatabase: ${counts.upcoming} upcoming events, ${counts.speakers} speakers.`)
    // Warm up each route (JIT, SQLite page cache, the search/ticket caches) before measuring.
    for (const p of ['/bench/baseline', '/events', `/events?month=${nextMonth}`, '/events/bench-event-250']) {
      for (let i = 0; i < 20; i++) await fetch(`${app.url}${p}`).then((r) => r.arrayBuffer())
    }
    const eventsPage = await fetch(`${app.url}/events`).then((r) => r.text())
    const monthPage = await fetch(`${app.url}/events?month=${nextMonth}`).then((r) => r.text())
    console.log(`/events renders ${(eventsPage.match(/<article /g) ?? []).length} event cards (${Math.round(eventsPage.length / 1024)} KiB); /events?month=${nextMonth} renders ${(monthPage.match(/<article /g) ?? []).length} (${Math.round(monthPage.length / 1024)} KiB).`)
    const baseline = await measure('baseline /bench/baseline', { url: `${app.url}/bench/baseline`, connections: 50, duration })
    const results: Result[] = [
      await measure('/events (this month)', { url: `${app.url}/events`, connections: 50, duration }),
      await measure('/events?month=<next> (a full month)', { url: `${app.url}/events?month=${nextMonth}`, connections: 50, duration }),
      await measure('/events/<slug>', { url: `${app.url}/events/bench-event-250`, connections: 50, duration }),
    ]
    report(baseline, results)
    for (const r of results) {
      const ratio = r.rps / baseline.rps
      const ok = ratio >= 0.8 && r.p99 < 100 && r.non2xx === 0 && r.errors === 0
      console.log(`${ok ? 'MEETS' : 'MISSES'} the aim (${label}): ${r.name}: ratio ${ratio.toFixed(2)} (aim ≥ 0.8), p99 ${r.p99} ms (aim < 100 ms), non-2xx ${r.non2xx}, errors ${r.errors}`)
    }
  } finally {
    await app.stop()
  }
}

await run('as anonymous visitors are served (public pages reused for 2 s)', {})
await run('every request rendered (PUBLIC_PAGE_CACHE_SECONDS=0, as signed-in members get them)', { PUBLIC_PAGE_CACHE_SECONDS: '0' })
