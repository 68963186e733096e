/**
 * A short-lived cache of the public calendar pages as an anonymous visitor sees them: the home page,
 * /events (its month and filter views), event pages, the archive and the speakers. When a newsletter
 * goes out, hundreds of people open the same few pages within minutes; rendering each view again
 * would starve the rest of this one process, the door's check-in screen included.
 *
 * What may be reused, and for whom, is deliberately narrow, because a page meant for one person
 * must never reach another:
 * - only GET requests with no Cookie and no Authorization header (so never a signed-in member, and
 *   never staff); only paths on the list below, and never a search (`q`);
 * - only a 200 HTML response that sets no cookie;
 * - for a few seconds (PUBLIC_PAGE_CACHE_SECONDS), and all of it is dropped as soon as staff change
 *   anything (a form posted under /staff by someone with the permission, and not refused), so an edit, a cancellation or a hidden address is
 *   public at once. Seat counts ("few left", "sold out") may be a few seconds old; booking
 *   always counts live.
 * - Each response gets its own CSP nonce: the cached page's nonce is replaced by the request's.
 *
 * Requests that miss while the same page is being rendered wait for that render instead of
 * starting their own; in the few seconds after a page expires, visitors still get it as it was while
 * one render brings it up to date (so a page is at most twice PUBLIC_PAGE_CACHE_SECONDS old).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { trackPermission } from './staff-change.server'

const CACHEABLE_PATH = /^(?:\/ru)?(?:\/|\/events|\/events\/archive|\/events\/[^/.]+|\/speakers|\/speakers\/[^/.]+)?$/
const MAX_ENTRIES = 300
/** Headers of the rendered response that are the page's own (not the per-request security headers). */
const KEPT_HEADERS = ['content-type', 'cache-control', 'vary', 'link', 'content-language']

/** The page as bytes, cut where its nonce goes: sending it is a concatenation, not a re-encoding. */
type Entry = { parts: Buffer[]; headers: [string, string][]; expires: number }
/** Renders a page through Remix, with the CSP nonce its scripts are to carry. */
type Render = (request: Request, nonce: string) => Promise<Response>

export function createPageCache({ seconds, render }: { seconds: number; render: Render }) {
  const entries = new Map<string, Entry>()
  const rendering = new Map<string, Promise<Entry | null>>()
  // Bumped on every staff change: a render that began before it is not kept.
  let generation = 0

  function invalidate() {
    generation++
    entries.clear()
  }

  function cacheable(req: ExpressRequest) {
    if (seconds <= 0 || req.method !== 'GET' || req.headers.cookie || req.headers.authorization) return false
    if (!CACHEABLE_PATH.test(req.path)) return false
    return !('q' in req.query)
  }

  async function renderEntry(key: string, req: ExpressRequest, nonce: string): Promise<Entry | null> {
    const started = generation
    const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`)
    // Only what a page may depend on for an anonymous visitor: no cookies ever reach it.
    const headers = new Headers()
    // (Crawlers get the page whole rather than streamed, but the same page.)
    for (const name of ['host', 'user-agent']) {
      const value = req.get(name)
      if (value) headers.set(name, value)
    }
    const response = await render(new Request(url, { method: 'GET', headers }), nonce)
    if (response.status !== 200 || response.headers.has('set-cookie') || !response.headers.get('content-type')?.startsWith('text/html')) {
      await response.body?.cancel()
      return null
    }
    const html = await response.text()
    const entry: Entry = {
      // The nonce is 128 random bits, so `nonce="…"` appears nowhere but in the attributes it marks.
      parts: html.split(`nonce="${nonce}"`).map((part) => Buffer.from(part)),
      headers: KEPT_HEADERS.flatMap((h) => (response.headers.has(h) ? [[h, response.headers.get(h)!] as [string, string]] : [])),
      expires: Date.now() + seconds * 1000,
    }
    if (generation === started) {
      entries.set(key, entry)
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!)
    }
    return entry
  }

  function send(res: ExpressResponse, entry: Entry) {
    const nonce = Buffer.from(`nonce="${res.locals.cspNonce as string}"`)
    for (const [name, value] of entry.headers) res.setHeader(name, value)
    const body = Buffer.concat(entry.parts.flatMap((part, i) => (i === 0 ? [part] : [nonce, part])))
    // res.end, not res.send: no ETag (a hash of the whole page each time; the nonce changes it anyway).
    res.statusCode = 200
    res.setHeader('Content-Length', body.length)
    res.end(body)
  }

  function refresh(key: string, req: ExpressRequest, nonce: string) {
    let pending = rendering.get(key)
    if (!pending) {
      pending = renderEntry(key, req, nonce).finally(() => rendering.delete(key))
      rendering.set(key, pending)
    }
    return pending
  }

  async function middleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    if (req.method !== 'GET' && req.method !== 'HEAD' && /^(?:\/ru)?\/staff(?:[/.]|$)/i.test(req.path)) {
      // Whatever staff changed (an edit, a cancellation, a price), the public pages show it at once;
      // a post from someone without the permission, or one that failed, changed nothing.
      const tracker = trackPermission(next)
      res.on('finish', () => {
        if (tracker.permitted && res.statusCode < 400) invalidate()
      })
      return
    }
    if (!cacheable(req)) return next()
    const key = req.originalUrl
    const now = Date.now()
    const hit = entries.get(key)
    if (hit && hit.expires > now) return send(res, hit)
    // Just expired: this visitor gets it as it was, while one render brings it up to date, so that
    // nobody waits for the periodic render. Anything older waits for the fresh page.
    if (hit && hit.expires + seconds * 1000 > now) {
      refresh(key, req, res.locals.cspNonce as string).catch((error: unknown) => console.error(error))
      return send(res, hit)
    }
    if (hit) entries.delete(key)
    try {
      const entry = await refresh(key, req, res.locals.cspNonce as string)
      // Not a page to keep (a 404, a redirect): this request is served the ordinary way, which renders
      // it once more; such answers are cheap.
      if (!entry) return next()
      send(res, entry)
    } catch (error) {
      next(error)
    }
  }

  return { middleware }
}
