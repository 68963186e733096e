import { Link, NavLink, useLocation, type LinkProps, type NavLinkProps } from '@remix-run/react'
import { localeFromPathname, localePath } from '~/i18n/locale'

/** The current page's language, read from the URL (the single source of truth for it). */
export function useLocale() {
  return localeFromPathname(useLocation().pathname)
}

/** A link that stays in the reader's language: `to="/events"` becomes `/ru/events` on Russian pages. */
export function LocaleLink({ to, ...props }: Omit<LinkProps, 'to'> & { to: string }) {
  const locale = useLocale()
  return <Link to={localePath(locale, to)} {...props} />
}

export function LocaleNavLink({ to, ...props }: Omit<NavLinkProps, 'to'> & { to: string }) {
  const locale = useLocale()
  return <NavLink to={localePath(locale, to)} {...props} />
}
