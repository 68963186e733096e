/**
 * Absolute links for email. A real deployment always uses PUBLIC_URL (never the request's Host
 * header, which an attacker could set to make a reset link point at their own site). A local demo
 * or test server (PUBLIC_URL on localhost, port often chosen at start) uses the loopback address the
 * request came to.
 */
import { getEnv } from '~/env.server'
import { localePath, type Locale } from '~/i18n/locale'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

export function publicOrigin(request?: Request): string {
  const configured = getEnv().PUBLIC_URL
  if (!request || !LOOPBACK.has(new URL(configured).hostname)) return configured
  const own = new URL(request.url)
  return LOOPBACK.has(own.hostname) ? own.origin : configured
}

export function absoluteUrl(origin: string, locale: Locale, path: string) {
  return origin + localePath(locale, path)
}
