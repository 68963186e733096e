/**
 * Did this request pass a permission check? The public page cache is dropped when staff change
 * something; an anonymous POST under /staff used to drop it too (it was dropped before anyone
 * asked who was posting), so anyone could keep the busiest pages uncached with a loop of posts.
 *
 * The server runs each non-GET request under /staff inside `trackPermission`; `requirePermission`
 * (app/accounts/session.server.ts) calls `notePermitted` once the viewer has the permission; the
 * cache is dropped only if that happened and the answer was not an error.
 *
 * server.ts and the Remix bundle each load this module, so the store lives on globalThis.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

type Tracker = { permitted: boolean }

const KEY = Symbol.for('open-russia-club.permission-tracker')
const g = globalThis as unknown as { [KEY]?: AsyncLocalStorage<Tracker> }
const storage = (g[KEY] ??= new AsyncLocalStorage<Tracker>())

/** Runs `fn` (the rest of the request's handling) with a fresh tracker, and returns the tracker. */
export function trackPermission(fn: () => void): Tracker {
  const tracker: Tracker = { permitted: false }
  storage.run(tracker, fn)
  return tracker
}

/** The viewer of the request being handled holds the permission it asked for. */
export function notePermitted() {
  const tracker = storage.getStore()
  if (tracker) tracker.permitted = true
}
