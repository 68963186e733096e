/** Bench data for the calendar: 500 upcoming events and 200 speakers (beside the demo seed). */
import Database from 'better-sqlite3'
import { DateTime } from 'luxon'

const EVENTS = 500
const SPEAKERS = 200
const KINDS = ['talk', 'screening', 'reading', 'discussion', 'concert', 'training', 'exhibition', 'social']
const LANGS = ['ru', 'en', 'both']

export function seedCalendarBench(databasePath: string) {
  const db = new Database(databasePath)
  db.pragma('busy_timeout = 5000')
  const now = Date.now()
  const venue = (db.prepare(`select id from venues where slug = 'the-club'`).get() as { id: number }).id
  db.transaction(() => {
    const insertSpeaker = db.prepare(
      `insert into speakers (slug, name_en, name_ru, role_en, role_ru, bio_en, bio_ru, links, created_at, updated_at)
       values (?, ?, ?, 'Writer', 'Писатель', ?, ?, '[]', ?, ?)`,
    )
    const speakerIds: number[] = []
    for (let i = 0; i < SPEAKERS; i++) {
      speakerIds.push(
        Number(insertSpeaker.run(`bench-speaker-${i}`, `Bench Speaker ${i}`, `Спикер Бенч ${i}`, 'A long biography. '.repeat(20), 'Длинная биография. '.repeat(20), now, now).lastInsertRowid),
      )
    }
    const insertEvent = db.prepare(
      `insert into events (slug, status, kind, language, title_en, title_ru, summary_en, summary_ru, description_en, description_ru,
        starts_at, ends_at, venue_id, address_hidden, capacity, published_at, created_at, updated_at)
       values (?, 'published', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 100, ?, ?, ?)`,
    )
    const insertLink = db.prepare('insert into event_speakers (event_id, speaker_id, position) values (?, ?, ?)')
    const insertType = db.prepare(
      `insert into ticket_types (event_id, name_en, name_ru, price_pence, member_price_pence, quota, position, created_at, updated_at)
       values (?, 'Standard', 'Обычный', 1000, 600, 100, 0, ?, ?)`,
    )
    const today = DateTime.fromMillis(now, { zone: 'Europe/London' }).startOf('day')
    for (let i = 0; i < EVENTS; i++) {
      // Spread over the next 300 days, so /events (this month) shows a realistic month of them.
      const start = today.plus({ days: 1 + Math.floor((i * 300) / EVENTS) }).set({ hour: 18 + (i % 3), minute: 0 }).toMillis()
      const id = Number(
        insertEvent.run(
          `bench-event-${i}`,
          KINDS[i % KINDS.length],
          LANGS[i % LANGS.length],
          `Bench event number ${i}`,
          `Событие номер ${i}`,
          'A short summary of the evening.',
          'Краткое описание вечера.',
          '## About\n\nA **long** description with [a link](https://example.org).\n\n'.repeat(10),
          '## О событии\n\n**Длинное** описание со [ссылкой](https://example.org).\n\n'.repeat(10),
          start,
          start + 2 * 3_600_000,
          venue,
          i % 10 === 0 ? 1 : 0,
          now,
          now,
          now,
        ).lastInsertRowid,
      )
      insertLink.run(id, speakerIds[i % SPEAKERS], 0)
      insertLink.run(id, speakerIds[(i * 7 + 3) % SPEAKERS], 1)
      insertType.run(id, now, now)
    }
  })()
  const upcoming = (db.prepare(`select count(*) as n from events where status = 'published' and ends_at >= ?`).get(now) as { n: number }).n
  const speakers = (db.prepare('select count(*) as n from speakers').get() as { n: number }).n
  db.close()
  return { upcoming, speakers }
}

