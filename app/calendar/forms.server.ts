/**
 * Staff forms: FormData → a domain input, or errors keyed by field (message keys of the
 * calendar namespace, translated in the staff member's language by the page) plus the values as
 * typed, so a page that fails to save shows everything again.
 */
import { z } from 'zod'
import type { DbOrTx } from '#db/client.server'
import { EVENT_KINDS, EVENT_LANGUAGES, speakers, venues } from '#db/schema'
import { inArray, eq } from 'drizzle-orm'
import { RESERVED_EVENT_SLUGS, type EventInput } from './events.server'
import type { SpeakerInput } from './speakers.server'
import { LINK_KINDS } from './constants'
import { SLUG_RE, slugify } from './text'
import { cleanLine, cleanMultiline } from '~/utils/text'
import { parseLondonLocal } from './time'
import type { VenueInput } from './venues.server'

export type FieldErrors = Record<string, string>
export type FormValues = Record<string, string>

import { MAX_LINKS, MAX_SPEAKERS } from './constants'
export { MAX_LINKS, MAX_SPEAKERS }

function str(form: FormData, name: string): string {
  const v = form.get(name)
  return typeof v === 'string' ? v.replace(/\r\n/g, '\n') : ''
}

/** Every text field of the form as typed (files left out). */
export function valuesOf(form: FormData): FormValues {
  const out: FormValues = {}
  for (const [k, v] of form.entries()) if (typeof v === 'string' && !k.startsWith('_') && k !== 'photo') out[k] = v
  return out
}

/** A text field, cleaned of control and bidi-override characters (app/utils/text.ts); a single line unless `multiline`. */
function text(form: FormData, errors: FieldErrors, name: string, { required = false, max = 200, multiline = false } = {}) {
  const v = (multiline ? cleanMultiline : cleanLine)(str(form, name)).trim()
  if (required && !v) errors[name] ??= 'required'
  else if (v.length > max) errors[name] ??= 'tooLong'
  return v
}

function int(form: FormData, errors: FieldErrors, name: string, min: number, max: number, key: string) {
  const raw = str(form, name).trim()
  const n = Number(raw)
  if (!raw || !Number.isInteger(n) || n < min || n > max) {
    errors[name] ??= key
    return min
  }
  return n
}

function slugField(form: FormData, errors: FieldErrors, fallbackFrom: string, reserved: Set<string> = new Set()) {
  let slug = str(form, 'slug').trim().toLowerCase()
  if (!slug) slug = slugify(fallbackFrom)
  if (!slug) errors.slug ??= 'required'
  else if (slug.length > 80 || !SLUG_RE.test(slug)) errors.slug ??= 'slugFormat'
  else if (reserved.has(slug)) errors.slug ??= 'slugReserved'
  return slug
}

const kindSchema = z.enum(EVENT_KINDS)
const languageSchema = z.enum(EVENT_LANGUAGES)

export function parseEventForm(db: DbOrTx, form: FormData): { ok: true; input: EventInput; ambiguous: boolean } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const titleEn = text(form, errors, 'titleEn', { required: true, max: 200 })
  const titleRu = text(form, errors, 'titleRu', { required: true, max: 200 })
  const slug = slugField(form, errors, titleEn, RESERVED_EVENT_SLUGS)
  const kind = kindSchema.safeParse(str(form, 'kind'))
  if (!kind.success) errors.kind = 'kind'
  const language = languageSchema.safeParse(str(form, 'language'))
  if (!language.success) errors.language = 'language'
  const summaryEn = text(form, errors, 'summaryEn', { max: 400, multiline: true })
  const summaryRu = text(form, errors, 'summaryRu', { max: 400, multiline: true })
  const descriptionEn = text(form, errors, 'descriptionEn', { max: 20_000, multiline: true })
  const descriptionRu = text(form, errors, 'descriptionRu', { max: 20_000, multiline: true })
  const date = str(form, 'date').trim()
  const time = str(form, 'time').trim()
  let startsAt = 0
  let ambiguous = false
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.date = 'date'
  else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.time = 'time'
  else {
    const parsed = parseLondonLocal(date, time)
    if (!parsed.ok) {
      if (parsed.error === 'nonexistent') errors.time = 'timeNonexistent'
      else errors.date = 'date'
    } else {
      startsAt = parsed.ms
      ambiguous = parsed.ambiguous
    }
  }
  const duration = int(form, errors, 'duration', 15, 1440, 'duration')
  const capacity = int(form, errors, 'capacity', 0, 10_000, 'capacity')
  const venueRaw = str(form, 'venueId').trim()
  let venueId: number | null = null
  if (venueRaw) {
    const n = Number(venueRaw)
    if (!Number.isInteger(n) || !db.select({ id: venues.id }).from(venues).where(eq(venues.id, n)).get()) errors.venueId = 'venue'
    else venueId = n
  }
  const speakerIds: number[] = []
  for (let i = 0; i < MAX_SPEAKERS; i++) {
    const raw = str(form, `speaker${i}`).trim()
    if (!raw) continue
    const n = Number(raw)
    if (!Number.isInteger(n) || n <= 0) errors[`speaker${i}`] = 'speaker'
    else if (!speakerIds.includes(n)) speakerIds.push(n)
  }
  if (speakerIds.length > 0) {
    const found = new Set(db.select({ id: speakers.id }).from(speakers).where(inArray(speakers.id, speakerIds)).all().map((r) => r.id))
    for (let i = 0; i < MAX_SPEAKERS; i++) {
      const n = Number(str(form, `speaker${i}`))
      if (n && !found.has(n)) errors[`speaker${i}`] = 'speaker'
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    ambiguous,
    input: {
      slug,
      kind: kind.data!,
      language: language.data!,
      titleEn,
      titleRu,
      summaryEn,
      summaryRu,
      descriptionEn,
      descriptionRu,
      startsAt,
      endsAt: startsAt + duration * 60_000,
      venueId,
      addressHidden: form.get('addressHidden') === 'on',
      capacity,
      speakerIds,
    },
  }
}

export function parseSpeakerForm(form: FormData): { ok: true; input: Omit<SpeakerInput, 'photoPath'> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const nameEn = text(form, errors, 'nameEn', { required: true, max: 120 })
  const nameRu = text(form, errors, 'nameRu', { required: true, max: 120 })
  const slug = slugField(form, errors, nameEn)
  const roleEn = text(form, errors, 'roleEn', { max: 200 })
  const roleRu = text(form, errors, 'roleRu', { max: 200 })
  const bioEn = text(form, errors, 'bioEn', { max: 10_000, multiline: true })
  const bioRu = text(form, errors, 'bioRu', { max: 10_000, multiline: true })
  const links: { kind: string; url: string }[] = []
  for (let i = 0; i < MAX_LINKS; i++) {
    const url = str(form, `linkUrl${i}`).trim()
    if (!url) continue
    const kind = str(form, `linkKind${i}`)
    let ok = false
    try {
      const u = new URL(url)
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && url.length <= 500
    } catch {
      ok = false
    }
    if (!ok) errors[`linkUrl${i}`] = 'url'
    else links.push({ kind: (LINK_KINDS as readonly string[]).includes(kind) ? kind : 'other', url })
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, input: { slug, nameEn, nameRu, roleEn, roleRu, bioEn, bioRu, links } }
}

export function parseVenueForm(form: FormData): { ok: true; input: VenueInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const nameEn = text(form, errors, 'nameEn', { required: true, max: 200 })
  const nameRu = text(form, errors, 'nameRu', { required: true, max: 200 })
  const slug = slugField(form, errors, nameEn)
  const addressEn = text(form, errors, 'addressEn', { required: true, max: 400, multiline: true })
  const addressRu = text(form, errors, 'addressRu', { required: true, max: 400, multiline: true })
  const directionsEn = text(form, errors, 'directionsEn', { max: 2000, multiline: true })
  const directionsRu = text(form, errors, 'directionsRu', { max: 2000, multiline: true })
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, input: { slug, nameEn, nameRu, addressEn, addressRu, directionsEn, directionsRu } }
}
