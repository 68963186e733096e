/**
 * Live door news: every door screen of an event holds one Server-Sent Events stream, and hears of
 * each admission, undo and walk-in on any device. One process serves the club (ARCHITECTURE.md:
 * per-process state), so an in-memory list of listeners per event is the whole mechanism.
 *
 * A `checkin` message goes out at once; the counts are recomputed at most every COUNTS_EVERY_MS
 * per event, however many admissions a burst brings, so a queue of 50 scans costs one count.
 */
import type { Locale } from '#db/schema'

export type DoorMessage = { type: 'counts'; data: unknown } | { type: 'checkin'; data: unknown }
/** A screen's stream: the counts it gets name ticket types in its language. */
type Listener = { locale: Locale; send: (message: DoorMessage) => void }

const COUNTS_EVERY_MS = 150

type Channel = { listeners: Set<Listener>; countsDue: ReturnType<typeof setTimeout> | null }
const KEY = Symbol.for('open-russia-club.door-live')
type CountsOf = (eventId: number, locale: Locale) => unknown
const g = globalThis as unknown as { [KEY]?: { channels: Map<number, Channel>; countsOf: CountsOf | null } }
const state = (g[KEY] ??= { channels: new Map(), countsOf: null })

/** How to compute an event's counts (door.server.ts registers it; kept apart to avoid an import cycle). */
export function setCountsSource(countsOf: CountsOf) {
  state.countsOf = countsOf
}

export function subscribe(eventId: number, listener: Listener): () => void {
  let channel = state.channels.get(eventId)
  if (!channel) state.channels.set(eventId, (channel = { listeners: new Set<Listener>(), countsDue: null }))
  channel.listeners.add(listener)
  return () => {
    channel.listeners.delete(listener)
    if (channel.listeners.size === 0 && !channel.countsDue) state.channels.delete(eventId)
  }
}

export function listenerCount(eventId: number): number {
  return state.channels.get(eventId)?.listeners.size ?? 0
}

function send(channel: Channel, message: (listener: Listener) => DoorMessage | null) {
  for (const listener of channel.listeners) {
    try {
      const m = message(listener)
      if (m) listener.send(m)
    } catch {
      // A stream that closed under us: its own cleanup removes it.
    }
  }
}

/** Something changed at the door of this event (after its COMMIT): tell every screen. */
export function publishDoorChange(eventId: number, checkins: unknown[]) {
  const channel = state.channels.get(eventId)
  if (!channel || channel.listeners.size === 0) return
  for (const data of checkins) send(channel, () => ({ type: 'checkin', data }))
  if (channel.countsDue) return
  channel.countsDue = setTimeout(() => {
    channel.countsDue = null
    if (channel.listeners.size === 0) {
      state.channels.delete(eventId)
      return
    }
    // One count per language listening, however many screens.
    const byLocale = new Map<Locale, unknown>()
    send(channel, ({ locale }) => {
      if (!byLocale.has(locale)) byLocale.set(locale, state.countsOf?.(eventId, locale) ?? null)
      const data = byLocale.get(locale)
      return data ? { type: 'counts', data } : null
    })
  }, COUNTS_EVERY_MS)
  channel.countsDue.unref?.()
}
