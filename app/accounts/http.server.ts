/** What the accounts' routes share: the page's language, the client address, replies and 429s. */
import type { SubmissionResult } from '@conform-to/react'
import { data, type AppLoadContext, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { getT } from '~/i18n/i18n'
import { localeFromParam, type Locale } from '~/i18n/locale'
import { notFound } from '~/utils/http.server'

export function routeLocale(params: LoaderFunctionArgs['params']): Locale {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  return locale
}

export function clientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? 'unknown'
}

/** Error messages travel as keys of the `accounts` namespace; this turns them into sentences. */
export function translateReply<T extends SubmissionResult<string[]>>(reply: T, locale: Locale): T {
  const t = getT(locale, 'accounts')
  if (!reply.error) return reply
  const error: Record<string, string[] | null> = {}
  for (const [k, v] of Object.entries(reply.error)) error[k] = v ? v.map((m) => (m.startsWith('errors.') || m.startsWith('link.') ? t(m) : m)) : v
  return { ...reply, error }
}

export function rateLimitMessage(locale: Locale, waitMs: number) {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000))
  return getT(locale, 'accounts')('errors.rateLimited', { count: minutes })
}

/** Many wrong passwords for one account from many places: wait, or take the emailed link (limited apart). */
export function accountLimitMessage(locale: Locale, waitMs: number) {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000))
  return getT(locale, 'accounts')('errors.accountRateLimited', { count: minutes })
}

/** 429 with the form's reply (what was typed stays) and a Retry-After header. */
export function tooMany<T>(payload: T, waitMs: number) {
  return data(payload, { status: 429, headers: { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } })
}

/** A route's `headers` export: passes an action's Retry-After (a 429) on to the document response. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get('Retry-After')
  return retry ? { 'Retry-After': retry } : new Headers()
}
