/**
 * The door API's HTTP edge, shared by the routes in app/routes/_api+/api.door.*: who is asking,
 * reading a small JSON body, and answering JSON that no cache keeps. Kept apart from the domain
 * (door.server.ts), which never sees a Request.
 *
 * A machine client gets status codes, not a sign-in page: 401 with nobody signed in, 404 for
 * someone without door.admit (as every staff page answers: no confirmation that the API exists),
 * 400 for a body that is not what the contract says, 413 for one that is too large. The
 * server-wide same-origin check (server.ts) refuses cross-site posts; requiring
 * `Content-Type: application/json` adds that no plain HTML form can post here at all.
 */
import type { Viewer } from '~/accounts/session.server'
import { getViewer, viewerCan } from '~/accounts/session.server'
import { getI18n } from '~/i18n/i18n'
import type { Locale } from '~/i18n/locale'

/** Every door body is a handful of short fields; a walk-in's is the largest. */
export const MAX_BODY_BYTES = 4096

const NO_STORE = { 'Cache-Control': 'no-store' }

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } })
}

/** The reader's language: `?lang=ru|en`, else the signed-in person's own. */
export function apiLocale(request: Request, viewer?: Pick<Viewer, 'locale'> | null): Locale {
  const lang = new URL(request.url).searchParams.get('lang')
  if (lang === 'ru' || lang === 'en') return lang
  return viewer?.locale ?? 'en'
}

export function apiError(request: Request, status: number, error: 'sign_in_required' | 'not_found' | 'bad_request' | 'too_large' | 'wrong_type', detail = '', viewer?: Viewer | null) {
  const t = getI18n(apiLocale(request, viewer)).getFixedT(null, 'door')
  return json({ status: 'error', error, message: t(`api.${error}`, { detail }) }, status)
}

/** The door worker behind this request, or a thrown 401/404 JSON response. */
export async function requireDoorApi(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request)
  if (!viewer) throw apiError(request, 401, 'sign_in_required')
  if (!viewerCan(viewer, 'door.admit')) throw apiError(request, 404, 'not_found', '', viewer)
  return viewer
}

/** `:eventId` as a positive integer, or a 404 (a guessed or garbled id learns nothing). */
export function eventIdParam(request: Request, raw: string | undefined, viewer: Viewer): number {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) throw apiError(request, 404, 'not_found', '', viewer)
  return Number(raw)
}

/** Reads at most MAX_BODY_BYTES of JSON: 413 beyond, 400 for anything that is not JSON. */
export async function readJson(request: Request, viewer: Viewer): Promise<unknown> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/json\b/i.test(type)) throw apiError(request, 400, 'wrong_type', '', viewer)
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw apiError(request, 413, 'too_large', '', viewer)
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {})
        throw apiError(request, 413, 'too_large', '', viewer)
      }
      chunks.push(value)
    }
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)))
  } catch {
    throw apiError(request, 400, 'bad_request', 'not JSON', viewer)
  }
}

/** A zod issue list as one short line for the 400's message (field names only, never values). */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`)
    .join('; ')
}
