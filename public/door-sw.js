/**
 * The door screen's service worker: the one page of the site that must open with no network.
 * Registered by the door screen with the scope /staff/door/ (and /ru/staff/door/), so no other page
 * of the site ever goes through it. It keeps the door page and the build's assets (fingerprinted,
 * so a cached copy is never stale); the door API is never cached here: tonight's list lives in
 * IndexedDB, and verdicts must come from the server or from the device's own judgement.
 */
const CACHE = 'club-door-v1'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

const isAsset = (url) => url.origin === self.location.origin && url.pathname.startsWith('/assets/')
const isDoorPage = (url) => url.origin === self.location.origin && /^(\/ru)?\/staff\/door\/\d+\/?$/.test(url.pathname)

// The page hands over what it loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  const data = event.data
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        data.urls.slice(0, 200).map(async (u) => {
          const url = new URL(u, self.location.origin)
          if (!isAsset(url) && !isDoorPage(url)) return
          if (isAsset(url) && (await cache.match(url.href))) return
          try {
            const res = await fetch(url.href, { credentials: 'same-origin', cache: 'no-store' })
            if (res.ok && !res.redirected) await cache.put(isDoorPage(url) ? url.pathname : url.href, res)
          } catch {
            // offline now: the next visit fills the cache
          }
        }),
      ),
    ),
  )
})

/** A network that hangs is no better than none at the door. */
function withinSeconds(seconds, promise) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), seconds * 1000))])
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (request.mode === 'navigate' && isDoorPage(url)) {
    // The network first (a fresh page, a sign-out noticed), the kept copy when there is none.
    event.respondWith(
      withinSeconds(4, fetch(request))
        .then(async (res) => {
          if (res.ok && !res.redirected) {
            const cache = await caches.open(CACHE)
            await cache.put(url.pathname, res.clone())
          }
          return res
        })
        .catch(async () => (await caches.match(url.pathname)) ?? Response.error()),
    )
    return
  }
  if (isAsset(url)) {
    event.respondWith(
      caches.match(request.url).then(
        (hit) =>
          hit ??
          fetch(request).then(async (res) => {
            if (res.ok) await (await caches.open(CACHE)).put(request.url, res.clone())
            return res
          }),
      ),
    )
  }
})
