/**
 * Staff running the programme over real HTTP: who may, events from draft to published to cancelled,
 * London times across the clock changes, validation beside the field in the staff member's
 * language with what was typed kept, unique and stable slugs, speaker photos checked and
 * re-encoded, venues. Nothing half-saved.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'
import { signInAs } from './support/sign-in'

let app: AppServer
let db: Database.Database
let staff: string
let member: string

beforeAll(async () => {
  app = await startAppServer()
  db = new Database(app.databasePath)
  db.pragma('busy_timeout = 5000')
  ;[staff, member] = await Promise.all([signInAs(app, 'staff'), signInAs(app, 'member')])
})

afterAll(async () => {
  db?.close()
  await app?.stop()
})

function post(pathname: string, body: Record<string, string> | FormData, cookie = staff) {
  const init: RequestInit = { method: 'POST', redirect: 'manual', headers: { cookie } }
  if (body instanceof FormData) init.body = body
  else {
    init.body = new URLSearchParams(body)
    ;(init.headers as Record<string, string>)['content-type'] = 'application/x-www-form-urlencoded'
  }
  return fetch(`${app.url}${pathname}`, init)
}

const speakerId = (slug: string) => String((db.prepare('select id from speakers where slug = ?').get(slug) as { id: number }).id)
const venueId = (slug: string) => String((db.prepare('select id from venues where slug = ?').get(slug) as { id: number }).id)
const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

function eventForm(over: Record<string, string> = {}) {
  return {
    intent: 'save',
    titleEn: 'Samizdat then and now',
    titleRu: 'Самиздат тогда и сейчас',
    summaryEn: 'Underground publishing, from carbon copies to Telegram.',
    summaryRu: 'Подпольные издания — от копирки до Telegram.',
    descriptionEn: 'A **conversation**.',
    descriptionRu: '**Разговор**.',
    kind: 'talk',
    language: 'both',
    date: '2027-02-10',
    time: '19:00',
    duration: '90',
    capacity: '40',
    venueId: venueId('the-club'),
    speaker0: speakerId('gleb-arkhipov'),
    speaker1: speakerId('pavel-orlov'),
    slug: '',
    ...over,
  }
}

describe('who may', () => {
  test('nobody signed in is sent to sign in; a member gets a 404, for pages and actions alike', async () => {
    const anon = await fetch(`${app.url}/staff/events`, { redirect: 'manual' })
    expect(anon.status).toBe(302)
    expect(anon.headers.get('location')).toContain('/login?redirectTo=%2Fstaff%2Fevents')
    for (const p of ['/staff/events', '/staff/events/new', '/staff/speakers', '/staff/venues/new']) {
      expect((await fetch(`${app.url}${p}`, { headers: { cookie: member }, redirect: 'manual' })).status, p).toBe(404)
    }
    const before = count('events')
    expect((await post('/staff/events/new', eventForm({ slug: 'member-made' }), member)).status).toBe(404)
    expect((await post('/staff/venues/new', { nameEn: 'x', nameRu: 'x', addressEn: 'x', addressRu: 'x' }, member)).status).toBe(404)
    expect(count('events')).toBe(before)
  })

  test('a form posted from another site is refused', async () => {
    const res = await fetch(`${app.url}/staff/events/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: staff, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(eventForm({ slug: 'cross-site' })),
    })
    expect(res.status).toBe(403)
  })

  test('/staff leads to the events, drafts included', async () => {
    const r = await fetch(`${app.url}/ru/staff`, { headers: { cookie: staff }, redirect: 'manual' })
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe('/ru/staff/events')
    const list = await (await fetch(`${app.url}/staff/events`, { headers: { cookie: staff } })).text()
    expect(list).toContain('Opening night of the Open Russia Club')
    expect(list).toContain('Address hidden')
  })
})

describe('events', () => {
  test('errors appear beside their fields, in Russian, and what was typed is kept; nothing is saved', async () => {
    const before = count('events')
    const res = await post(
      '/ru/staff/events/new',
      eventForm({ titleRu: '', date: '2027-03-28', time: '01:30', duration: '5', descriptionEn: 'Typed <b>text</b> & more', speaker2: '999999' }),
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Ничего не сохранено. Исправьте отмеченные поля.')
    expect(html).toMatch(/<p id="titleRu-error" class="field-error" role="alert">Заполните это поле.<\/p>/)
    expect(html).toMatch(/<p id="time-error"[^>]*>Такого времени в Лондоне нет: в эту ночь часы переводят с 01:00 сразу на 02:00/)
    expect(html).toMatch(/<p id="duration-error"[^>]*>Укажите продолжительность/)
    expect(html).toMatch(/<p id="speaker2-error"[^>]*>Выберите спикеров из списка/)
    expect(html).toMatch(/<input id="titleRu"[^>]*aria-invalid="true"/)
    // What was typed comes back.
    expect(html).toMatch(/<input id="titleEn"[^>]*value="Samizdat then and now"/)
    expect(html).toContain('>Typed &lt;b&gt;text&lt;/b&gt; &amp; more</textarea>')
    expect(html).toMatch(/<input id="date"[^>]*value="2027-03-28"/)
    expect(count('events')).toBe(before)
  })

  let eventId: number
  test('an ambiguous October time: the first (BST) is taken and the page says so', async () => {
    const res = await post('/staff/events/new', eventForm({ date: '2027-10-31', time: '01:30' }))
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/staff\/events\/\d+\?done=saved-ambiguous$/)
    eventId = Number(/events\/(\d+)/.exec(location)![1])
    const row = db.prepare('select slug, status, starts_at, ends_at from events where id = ?').get(eventId) as { slug: string; status: string; starts_at: number; ends_at: number }
    expect(row.slug).toBe('samizdat-then-and-now')
    expect(row.status).toBe('draft')
    expect(new Date(row.starts_at).toISOString()).toBe('2027-10-31T00:30:00.000Z')
    expect(row.ends_at - row.starts_at).toBe(90 * 60_000)
    const speakers = db.prepare('select s.slug from event_speakers es join speakers s on s.id = es.speaker_id where es.event_id = ? order by es.position').all(eventId) as { slug: string }[]
    expect(speakers.map((s) => s.slug)).toEqual(['gleb-arkhipov', 'pavel-orlov'])
    const page = await (await fetch(`${app.url}${location}`, { headers: { cookie: staff } })).text()
    expect(page).toContain('That time happens twice on this night')
    expect(page).toMatch(/<input id="time"[^>]*value="01:30"/)
    // A draft is not public.
    expect((await fetch(`${app.url}/events/samizdat-then-and-now`)).status).toBe(404)
  })

  test('publish, then the slug stays put; speakers appear in order', async () => {
    const res = await post(`/staff/events/${eventId}`, eventForm({ intent: 'publish', date: '2027-02-10', time: '19:00', slug: 'samizdat-then-and-now' }))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/staff/events/${eventId}?done=published`)
    const page = await (await fetch(`${app.url}/events/samizdat-then-and-now`)).text()
    expect(page).toContain('19:00–20:30 GMT')
    expect(page.indexOf('/speakers/gleb-arkhipov')).toBeLessThan(page.indexOf('/speakers/pavel-orlov'))
    expect(page).toContain('<strong>conversation</strong>')
    // Renaming the slug of a published event is ignored: links must keep working.
    await post(`/staff/events/${eventId}`, eventForm({ slug: 'a-new-address', titleEn: 'Samizdat, then and now' }))
    const row = db.prepare('select slug, title_en from events where id = ?').get(eventId) as { slug: string; title_en: string }
    expect(row).toEqual({ slug: 'samizdat-then-and-now', title_en: 'Samizdat, then and now' })
  })

  test('a slug already in use is refused beside the field', async () => {
    const before = count('events')
    const res = await post('/staff/events/new', eventForm({ slug: 'opening-night' }))
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/<p id="slug-error"[^>]*>Another page already uses this address.<\/p>/)
    const reserved = await post('/staff/events/new', eventForm({ slug: 'archive' }))
    expect(await reserved.text()).toMatch(/<p id="slug-error"[^>]*>This address is reserved/)
    expect(count('events')).toBe(before)
  })

  test('hiding the address takes it off the public page', async () => {
    expect(await (await fetch(`${app.url}/events/samizdat-then-and-now`)).text()).toContain('12 Example Mews')
    await post(`/staff/events/${eventId}`, eventForm({ slug: 'samizdat-then-and-now', addressHidden: 'on' }))
    for (const p of ['/events/samizdat-then-and-now', '/events/samizdat-then-and-now/calendar.ics', '/events.ics', '/events?month=2027-02', '/events/samizdat-then-and-now.data']) {
      const text = await (await fetch(`${app.url}${p}`)).text()
      // In the feed, the block of this event (other events at the club keep their address).
      const part = p === '/events.ics' ? text.split('BEGIN:VEVENT').find((block) => block.includes('amizdat'))! : text
      expect(part, p).toContain('amizdat')
      expect(part, p).not.toContain('12 Example Mews')
      expect(part, p).not.toContain('Open Russia Club, 12')
    }
  })

  test('cancel: the event stays, marked cancelled, in pages and feeds', async () => {
    const res = await post(`/staff/events/${eventId}`, { intent: 'cancel' })
    expect(res.headers.get('location')).toBe(`/staff/events/${eventId}?done=cancelled`)
    const page = await (await fetch(`${app.url}/events/samizdat-then-and-now`)).text()
    expect(page).toContain('data-ticket-state="cancelled"')
    expect(await (await fetch(`${app.url}/events/samizdat-then-and-now/calendar.ics`)).text()).toContain('STATUS:CANCELLED')
    // Cancelling twice is refused without harm.
    const again = await post(`/staff/events/${eventId}`, { intent: 'cancel' })
    expect(again.headers.get('location')).toBe(`/staff/events/${eventId}?done=error-notAllowed`)
    const audit = db.prepare(`select action from audit_log where subject_type = 'event' and subject_id = ? order by id`).all(String(eventId)) as { action: string }[]
    expect(audit.map((a) => a.action)).toEqual(['event.created', 'event.updated', 'event.published', 'event.updated', 'event.updated', 'event.cancelled'])
  })

  test('unknown ids are 404; garbage bodies are 400, never 500', async () => {
    expect((await fetch(`${app.url}/staff/events/999999`, { headers: { cookie: staff } })).status).toBe(404)
    expect((await fetch(`${app.url}/staff/events/abc`, { headers: { cookie: staff } })).status).toBe(404)
    const garbage = await fetch(`${app.url}/staff/events/new`, { method: 'POST', headers: { cookie: staff, 'content-type': 'application/json' }, body: '{"x":1}' })
    expect(garbage.status).toBe(400)
  })
})

describe('speakers and photos', () => {
  const uploads = () => path.join(app.dataDir, 'uploads', 'speakers')
  const files = () => (fs.existsSync(uploads()) ? fs.readdirSync(uploads()) : [])

  function speakerForm(over: Record<string, string> = {}, photo?: { bytes: Buffer; name: string; type: string }) {
    const form = new FormData()
    const fields = { nameEn: 'Irina Sokolova', nameRu: 'Ирина Соколова', roleEn: 'Editor', roleRu: 'Редактор', bioEn: 'Edits an exiled magazine.', bioRu: 'Редактирует журнал в эмиграции.', linkKind0: 'telegram', linkUrl0: 'https://t.me/example_sokolova', slug: '', ...over }
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    if (photo) form.set('photo', new Blob([new Uint8Array(photo.bytes)], { type: photo.type }), photo.name)
    return form
  }

  test('a photo is checked, cropped, re-encoded without its metadata, and served', async () => {
    const original = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Where I live', Artist: 'Secret Person' } })
      .toBuffer()
    expect((await sharp(original).metadata()).exif).toBeDefined()
    const res = await post('/staff/speakers/new', speakerForm({}, { bytes: original, name: 'me.jpg', type: 'image/jpeg' }))
    expect(res.status).toBe(302)
    const row = db.prepare('select id, slug, photo_path, links from speakers where slug = ?').get('irina-sokolova') as { id: number; photo_path: string; links: string }
    expect(row.photo_path).toMatch(/^speakers\/irina-sokolova-[0-9a-f]{12}\.webp$/)
    expect(JSON.parse(row.links)).toEqual([{ kind: 'telegram', url: 'https://t.me/example_sokolova' }])
    const served = await fetch(`${app.url}/uploads/${row.photo_path}`)
    expect(served.status).toBe(200)
    const bytes = Buffer.from(await served.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    expect(meta).toMatchObject({ format: 'webp', width: 600, height: 600 })
    expect(meta.exif).toBeUndefined()
    expect(bytes.includes(Buffer.from('Secret Person'))).toBe(false)
    // The public profile shows it.
    const profile = await (await fetch(`${app.url}/speakers/irina-sokolova`)).text()
    expect(profile).toContain(`src="/uploads/${row.photo_path}"`)
    expect(profile).toContain('Ирина Соколова')
  })

  test('a file that is not an image is refused with a message; what was typed is kept; nothing saved', async () => {
    const before = { speakers: count('speakers'), files: files().length }
    const res = await post(
      '/ru/staff/speakers/new',
      speakerForm({ nameEn: 'Not An Image' }, { bytes: Buffer.from('<?php system($_GET["c"]); ?>'), name: 'photo.jpg', type: 'image/jpeg' }),
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/<p id="photo-error"[^>]*>Этот файл не похож на изображение/)
    expect(html).toMatch(/<input id="nameEn"[^>]*value="Not An Image"/)
    expect(count('speakers')).toBe(before.speakers)
    expect(files().length).toBe(before.files)
  })

  test('an oversized upload is refused with a message', async () => {
    const before = { speakers: count('speakers'), files: files().length }
    const big = Buffer.alloc(6 * 1024 * 1024, 7)
    const res = await post('/staff/speakers/new', speakerForm({ nameEn: 'Too Big' }, { bytes: big, name: 'big.png', type: 'image/png' }))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/<p id="photo-error"[^>]*>The photo is larger than 5 MB/)
    expect(html).toMatch(/<input id="nameEn"[^>]*value="Too Big"/)
    expect(count('speakers')).toBe(before.speakers)
    expect(files().length).toBe(before.files)
  })

  test('a valid photo with a slug already taken: nothing saved, and its file is not left behind', async () => {
    const before = { speakers: count('speakers'), files: files().length }
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#336699' } }).png().toBuffer()
    const res = await post('/staff/speakers/new', speakerForm({ slug: 'gleb-arkhipov' }, { bytes: png, name: 'x.png', type: 'image/png' }))
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/<p id="slug-error"[^>]*>Another page already uses this address/)
    expect(count('speakers')).toBe(before.speakers)
    expect(files().length).toBe(before.files)
  })

  test('links must be web addresses', async () => {
    const res = await post('/staff/speakers/new', speakerForm({ nameEn: 'Link Person', linkUrl0: 'javascript:alert(1)' }))
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/<p id="linkUrl0-error"[^>]*>Enter a full address starting with https:\/\//)
  })
})

describe('venues', () => {
  test('create, with errors first', async () => {
    const bad = await post('/staff/venues/new', { nameEn: 'Pushkin House', nameRu: 'Пушкинский дом', addressEn: '', addressRu: '' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/<p id="addressEn-error"[^>]*>Please fill this in.<\/p>/)
    const ok = await post('/staff/venues/new', { nameEn: 'Pushkin House', nameRu: 'Пушкинский дом', addressEn: '5A Example Square, London', addressRu: '5A Example Square, Лондон' })
    expect(ok.status).toBe(302)
    expect(db.prepare('select slug from venues where name_en = ?').get('Pushkin House')).toEqual({ slug: 'pushkin-house' })
  })
})
