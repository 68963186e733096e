/**
 * What a door device keeps in IndexedDB (through `idb`): tonight's list (names, ticket types, code
 * hashes, status: nothing else about anyone), the admissions waiting to reach the server, and the
 * device's own id. A lost phone must not carry a guest list for long: a list past its `wipeAfter`
 * is deleted the next time it is read, and signing out clears the site's storage (Clear-Site-Data
 * on /logout).
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { QueuedAdmission, Snapshot } from './types'

const DB_NAME = 'club-door'

interface DoorDB extends DBSchema {
  snapshots: { key: number; value: Snapshot }
  queue: { key: string; value: QueuedAdmission; indexes: { byEvent: number } }
  meta: { key: string; value: string }
}

let opening: Promise<IDBPDatabase<DoorDB>> | undefined
function db() {
  opening ??= openDB<DoorDB>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('snapshots', { keyPath: 'eventId' })
      d.createObjectStore('queue', { keyPath: 'nonce' }).createIndex('byEvent', 'eventId')
      d.createObjectStore('meta')
    },
    // Another tab (or a sign-out elsewhere) wants the database gone: let it.
    blocking() {
      void opening?.then((d) => d.close())
      opening = undefined
    },
  })
  return opening
}

/** Tonight's list, or null when there is none or its night is over (then it is deleted). */
export async function loadSnapshot(eventId: number, now = Date.now()): Promise<Snapshot | null> {
  const d = await db()
  const snapshot = await d.get('snapshots', eventId)
  if (!snapshot) return null
  if (snapshot.wipeAfter <= now) {
    await d.delete('snapshots', eventId)
    return null
  }
  return snapshot
}

export async function saveSnapshot(snapshot: Snapshot): Promise<void> {
  await (await db()).put('snapshots', snapshot)
}

/** Every list whose night is over is deleted, whichever event this screen shows. */
export async function wipeExpired(now = Date.now()): Promise<number> {
  const d = await db()
  let wiped = 0
  for (const s of await d.getAll('snapshots')) {
    if (s.wipeAfter <= now) {
      await d.delete('snapshots', s.eventId)
      wiped++
    }
  }
  return wiped
}

export async function enqueue(item: QueuedAdmission): Promise<void> {
  await (await db()).put('queue', item)
}

export async function queued(eventId: number): Promise<QueuedAdmission[]> {
  const items = await (await db()).getAllFromIndex('queue', 'byEvent', eventId)
  return items.sort((a, b) => a.scannedAt - b.scannedAt)
}

export async function dequeue(nonce: string): Promise<void> {
  await (await db()).delete('queue', nonce)
}

/** A random id for this device, kept across reloads, so staff can tell which phone admitted whom. */
export async function deviceId(): Promise<string> {
  const d = await db()
  let id = await d.get('meta', 'deviceId')
  if (!id) {
    id = newNonce().slice(0, 12)
    await d.put('meta', id, 'deviceId')
  }
  return id
}

/** 128 random bits, base64url: the contract's nonce ([A-Za-z0-9_-], 16–64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let raw = ''
  for (const b of bytes) raw += String.fromCharCode(b)
  return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Everything the door kept on this device. */
export async function wipeAll(): Promise<void> {
  const d = await opening
  d?.close()
  opening = undefined
  await deleteDB(DB_NAME)
}
