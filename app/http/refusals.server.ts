/**
 * Answers the HTTP server gives by itself, before Remix sees the request (a body too large, a method
 * we do not serve, a malformed URL, a missing upload): short, in the language of the address
 * (`/ru/…` → Russian), HTML for people and JSON for programs, never a stack trace, and never an echo
 * of what was sent.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { localeFromPathname, type Locale } from '../i18n/locale'
import messages from '../i18n/messages/http'
import { formatBytes } from './bytes'

export type Refusal = 'tooLarge' | 'methodNotAllowed' | 'badRequest' | 'notFound' | 'serverError'

const STATUS: Record<Refusal, number> = { tooLarge: 413, methodNotAllowed: 405, badRequest: 400, notFound: 404, serverError: 500 }

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function refusalText(kind: Refusal, locale: Locale, limit?: number) {
  const m = messages[locale]
  const body = m[kind].body.replace('{{limit}}', limit === undefined ? '' : formatBytes(limit, locale))
  return { title: m[kind].title, body, home: m.home }
}

/** Programs (Stripe, the SDK, fetch with Accept: application/json) get JSON; people get a page. */
function wantsJson(req: ExpressRequest) {
  if (/^\/(?:webhooks|v1)\//i.test(req.path)) return true
  const accept = req.get('accept') ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

export function refuse(req: ExpressRequest, res: ExpressResponse, kind: Refusal, { limit }: { limit?: number } = {}) {
  if (res.headersSent) return void res.end()
  const locale = localeFromPathname(req.path)
  const text = refusalText(kind, locale, limit)
  res.status(STATUS[kind]).set('Cache-Control', 'no-store').set('Content-Language', locale)
  if (wantsJson(req)) {
    res.json({ error: { type: kind, message: `${text.title}. ${text.body}` } })
    return
  }
  const home = locale === 'ru' ? '/ru' : '/'
  res.type('html').send(
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta name="robots" content="noindex"><title>${escapeHtml(text.title)}</title></head>` +
      `<body><main><h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.body)}</p><p><a href="${home}">${escapeHtml(text.home)}</a></p></main></body></html>`,
  )
}

/** HTTP methods this site answers; anything else (TRACE, TRACK, CONNECT, made-up ones) is a 405 before Remix:
 * TRACE reached Remix and answered 500 with a stack trace in the log. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
const allowed = new Set<string>(ALLOWED_METHODS)
export const isAllowedMethod = (method: string) => allowed.has(method)
