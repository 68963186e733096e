import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { worksAtClub } from '~/accounts/permissions'
import { switchLocalePath, type Locale } from '~/i18n/locale'
import { LocaleLink, LocaleNavLink } from './locale-link'

type Viewer = { name: string; roles: string[] } | null

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded px-3 py-2 hover:bg-ink/5 focus-visible:outline-2 ${isActive ? 'font-semibold text-accent underline decoration-2 underline-offset-4' : ''}`

function NavItems({ viewer }: { viewer: Viewer }) {
  const { t } = useTranslation()
  const isStaff = worksAtClub(viewer?.roles)
  return (
    <>
      <li>
        <LocaleNavLink to="/events" className={navLinkClass}>
          {t('nav.calendar')}
        </LocaleNavLink>
      </li>
      <li>
        <LocaleNavLink to="/speakers" className={navLinkClass}>
          {t('nav.speakers')}
        </LocaleNavLink>
      </li>
      <li>
        <LocaleNavLink to="/membership" className={navLinkClass}>
          {t('nav.membership')}
        </LocaleNavLink>
      </li>
      {isStaff ? (
        <li>
          <LocaleNavLink to="/staff" className={navLinkClass}>
            {t('nav.staff')}
          </LocaleNavLink>
        </li>
      ) : null}
      <li>
        <LocaleNavLink to={viewer ? '/account' : '/login'} className={navLinkClass}>
          {viewer ? t('nav.account') : t('nav.signIn')}
        </LocaleNavLink>
      </li>
    </>
  )
}

export function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation()
  const location = useLocation()
  const other: Locale = locale === 'en' ? 'ru' : 'en'
  return (
    <Link
      to={switchLocalePath(location.pathname, location.search, other)}
      hrefLang={other}
      lang={other}
      className="rounded border border-ink/30 px-3 py-1.5 text-sm font-medium hover:bg-ink/5"
      reloadDocument={false}
      preventScrollReset
    >
      {t('language.switchTo')}
    </Link>
  )
}

export function SiteHeader({ locale, demoMode, viewer }: { locale: Locale; demoMode: boolean; viewer: Viewer }) {
  const { t } = useTranslation()
  return (
    <>
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      {demoMode ? (
        <p role="note" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          {t('demoBanner')}{' '}
          <LocaleLink to="/outbox" className="font-semibold underline">
            {t('nav.outbox')}
          </LocaleLink>
        </p>
      ) : null}
      <header className="border-b border-ink/10 bg-paper">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <LocaleLink to="/" className="font-serif text-xl font-bold tracking-tight text-ink sm:text-2xl">
            <span aria-hidden="true" className="mr-2 inline-block h-3 w-3 rounded-full bg-accent align-middle" />
            {t('club')}
          </LocaleLink>
          <div className="flex items-center gap-2">
            <LanguageSwitch locale={locale} />
            {/* On phones the menu folds into a disclosure that works without JavaScript. */}
            <details className="group relative md:hidden">
              <summary className="cursor-pointer list-none rounded border border-ink/30 px-3 py-1.5 text-sm font-medium">
                {t('nav.menu')}
              </summary>
              <nav aria-label={t('nav.label')} className="absolute right-0 z-20 mt-2 w-56 rounded border border-ink/10 bg-paper p-2 shadow-lg">
                <ul>
                  <NavItems viewer={viewer} />
                </ul>
              </nav>
            </details>
          </div>
          <nav aria-label={t('nav.label')} className="hidden w-full md:block">
            <ul className="flex gap-1">
              <NavItems viewer={viewer} />
            </ul>
          </nav>
        </div>
      </header>
    </>
  )
}

export function SiteFooter() {
  const { t } = useTranslation()
  return (
    <footer className="mt-12 border-t border-ink/10 bg-ink text-paper">
      <div className="mx-auto grid max-w-5xl gap-8 px-4 py-10 sm:grid-cols-2 sm:px-6">
        <section aria-labelledby="footer-address">
          <h2 id="footer-address" className="font-serif text-lg">
            {t('footer.addressHeading')}
          </h2>
          <address className="mt-2 whitespace-pre-line not-italic">{t('footer.address')}</address>
          <p className="mt-2 text-sm text-paper/80">{t('footer.addressNote')}</p>
        </section>
        <section aria-labelledby="footer-privacy">
          <h2 id="footer-privacy" className="font-serif text-lg">
            {t('footer.privacyHeading')}
          </h2>
          <p className="mt-2 text-sm text-paper/90">{t('footer.privacy')}</p>
          <p className="mt-2">
            <LocaleLink to="/privacy" className="underline underline-offset-4">
              {t('footer.privacyLink')}
            </LocaleLink>
          </p>
        </section>
      </div>
      <p className="pb-6 text-center text-sm text-paper/70">{t('footer.rights', { year: new Date().getFullYear() })}</p>
    </footer>
  )
}
