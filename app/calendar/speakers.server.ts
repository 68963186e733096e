/** Speaker profiles: public reads (no N+1) and staff writes. A profile persists across events. */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.server'
import { auditLog, eventSpeakers, events, speakers, type Locale } from '#db/schema'
import { eventCards, pick, speakerPhotoUrl, type EventCard } from './events.server'

export { LINK_KINDS, type LinkKind } from './constants'

export type SpeakerCard = { slug: string; name: string; nameOther: string; role: string; photoUrl: string | null; upcoming: number }

/** Every speaker, sorted by name in the reader's language, with a count of their upcoming public events. */
export function listPublicSpeakers(db: DbOrTx, locale: Locale, now = Date.now()): SpeakerCard[] {
  const rows = db
    .select({
      slug: speakers.slug,
      nameEn: speakers.nameEn,
      nameRu: speakers.nameRu,
      roleEn: speakers.roleEn,
      roleRu: speakers.roleRu,
      photoPath: speakers.photoPath,
      upcoming: sql<number>`(select count(*) from ${eventSpeakers} es join ${events} e on e.id = es.event_id
        where es.speaker_id = ${speakers.id} and e.status = 'published' and e.ends_at >= ${now})`,
    })
    .from(speakers)
    .all()
  const collator = new Intl.Collator(locale === 'ru' ? 'ru' : 'en-GB')
  return rows
    .map((s) => ({
      slug: s.slug,
      name: pick(locale, s.nameEn, s.nameRu),
      nameOther: pick(locale === 'en' ? 'ru' : 'en', s.nameEn, s.nameRu),
      role: pick(locale, s.roleEn, s.roleRu),
      photoUrl: speakerPhotoUrl(s.photoPath),
      upcoming: Number(s.upcoming),
    }))
    .sort((a, b) => collator.compare(a.name, b.name))
}

export type SpeakerProfile = {
  slug: string
  nameEn: string
  nameRu: string
  name: string
  role: string
  bio: string
  photoUrl: string | null
  links: { kind: string; url: string }[]
  upcoming: EventCard[]
  past: EventCard[]
  updatedAt: number
}

export function getSpeakerProfile(db: DbOrTx, slug: string, locale: Locale, now = Date.now()): SpeakerProfile | null {
  const s = db.select().from(speakers).where(eq(speakers.slug, slug)).get()
  if (!s) return null
  const rows = db
    .select({ id: events.id, endsAt: events.endsAt })
    .from(eventSpeakers)
    .innerJoin(events, eq(events.id, eventSpeakers.eventId))
    .where(and(eq(eventSpeakers.speakerId, s.id), inArray(events.status, ['published', 'cancelled'])))
    .orderBy(asc(events.startsAt))
    .all()
  const upcomingIds = rows.filter((r) => r.endsAt >= now).map((r) => r.id)
  const pastIds = rows.filter((r) => r.endsAt < now).map((r) => r.id).reverse()
  const cards = eventCards(db, [...upcomingIds, ...pastIds], locale, now)
  const byId = new Map(cards.map((c) => [c.id, c]))
  return {
    slug: s.slug,
    nameEn: s.nameEn,
    nameRu: s.nameRu,
    name: pick(locale, s.nameEn, s.nameRu),
    role: pick(locale, s.roleEn, s.roleRu),
    bio: pick(locale, s.bioEn, s.bioRu),
    photoUrl: speakerPhotoUrl(s.photoPath),
    links: (s.links ?? []).filter((l) => /^https?:\/\//i.test(l.url)),
    upcoming: upcomingIds.map((id) => byId.get(id)!).filter(Boolean),
    past: pastIds.map((id) => byId.get(id)!).filter(Boolean),
    updatedAt: s.updatedAt,
  }
}

export function listSitemapSpeakers(db: DbOrTx) {
  return db.select({ slug: speakers.slug, updatedAt: speakers.updatedAt }).from(speakers).orderBy(asc(speakers.slug)).all()
}

// ---------------------------------------------------------------- staff

export function listSpeakersForStaff(db: DbOrTx) {
  return db
    .select({ id: speakers.id, slug: speakers.slug, nameEn: speakers.nameEn, nameRu: speakers.nameRu, photoPath: speakers.photoPath })
    .from(speakers)
    .orderBy(asc(speakers.nameEn))
    .all()
}

export function getSpeakerForStaff(db: DbOrTx, id: number) {
  return db.select().from(speakers).where(eq(speakers.id, id)).get() ?? null
}

export type SpeakerInput = {
  slug: string
  nameEn: string
  nameRu: string
  roleEn: string
  roleRu: string
  bioEn: string
  bioRu: string
  links: { kind: string; url: string }[]
  /** A new photo already stored (relative to uploads), or undefined to keep the old one, or null to remove it. */
  photoPath?: string | null
}

export function isSpeakerSlugTaken(db: DbOrTx, slug: string, exceptId: number | null) {
  return (
    db
      .select({ id: speakers.id })
      .from(speakers)
      .where(exceptId === null ? eq(speakers.slug, slug) : and(eq(speakers.slug, slug), ne(speakers.id, exceptId)))
      .get() !== undefined
  )
}

export class SpeakerSlugTakenError extends Error {}

/** Saves a speaker in one transaction; returns the id and the photo path it replaced (for the caller to delete). */
export function saveSpeaker(db: Db, id: number | null, input: SpeakerInput, actorUserId: number | null, now = Date.now()) {
  return db.transaction(
    (tx) => {
      if (isSpeakerSlugTaken(tx, input.slug, id)) throw new SpeakerSlugTakenError('slug taken')
      const { photoPath, ...rest } = input
      const values = { ...rest, updatedAt: now, ...(photoPath !== undefined ? { photoPath } : {}) }
      let speakerId: number
      let replacedPhoto: string | null = null
      if (id === null) {
        speakerId = tx.insert(speakers).values({ ...values, createdAt: now }).returning({ id: speakers.id }).get().id
      } else {
        const existing = tx.select({ slug: speakers.slug, photoPath: speakers.photoPath }).from(speakers).where(eq(speakers.id, id)).get()
        if (!existing) throw new Error('speaker not found')
        // A profile's address is stable once it appears on a published event.
        const linked = tx
          .select({ id: events.id })
          .from(eventSpeakers)
          .innerJoin(events, eq(events.id, eventSpeakers.eventId))
          .where(and(eq(eventSpeakers.speakerId, id), ne(events.status, 'draft')))
          .get()
        if (linked && existing.slug !== input.slug) values.slug = existing.slug
        if (photoPath !== undefined && existing.photoPath && existing.photoPath !== photoPath) replacedPhoto = existing.photoPath
        tx.update(speakers).set(values).where(eq(speakers.id, id)).run()
        speakerId = id
      }
      tx.insert(auditLog)
        .values({ at: now, actorUserId, action: id === null ? 'speaker.created' : 'speaker.updated', subjectType: 'speaker', subjectId: String(speakerId) })
        .run()
      return { id: speakerId, replacedPhoto }
    },
    { behavior: 'immediate' },
  )
}
