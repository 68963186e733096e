// The account area's frame: a heading, the sections, and a sign-out button. Each section is its own
// route under /account; each loader and action checks the viewer itself (Remix may run them alone).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireViewer } from '~/accounts/session.server'
import { routeLocale } from '~/accounts/http.server'
import { LocaleNavLink, useLocale } from '~/ui/locale-link'
import { localePath } from '~/i18n/locale'

export async function loader({ request, params }: LoaderFunctionArgs) {
  routeLocale(params)
  const viewer = await requireViewer(request)
  return { name: viewer.name }
}

const tab = ({ isActive }: { isActive: boolean }) =>
  `block rounded px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-ink text-paper' : 'hover:bg-ink/5'}`

/**
 * The sections. OTHER CAPABILITIES ADD THEIR SECTION HERE (one line each):
 * - tickets (ticketing issue): { to: '/account/tickets', key: 'tickets' } → app/routes/_account+/($lang).account.tickets.tsx
 * - membership (membership issue): { to: '/account/membership', key: 'membership' } → ($lang).account.membership.tsx
 */
const SECTIONS: { to: string; key: string; end?: boolean }[] = [
  { to: '/account', key: 'overview', end: true },
  { to: '/account/tickets', key: 'tickets' },
  { to: '/account/membership', key: 'membership' },
  { to: '/account/settings', key: 'settings' },
  { to: '/account/sessions', key: 'sessions' },
  { to: '/account/privacy', key: 'privacy' },
]

export default function AccountLayout() {
  const { name } = useLoaderData<typeof loader>()
  const { t } = useTranslation('accounts')
  const locale = useLocale()
  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <p className="font-serif text-2xl">{t('account.hello', { name })}</p>
        <Form method="post" action={localePath(locale, '/logout')}>
          <button type="submit" className="btn btn-secondary">
            {t('account.signOut')}
          </button>
        </Form>
      </div>
      <nav aria-label={t('account.navLabel')} className="mt-4 mb-6 border-b border-ink/10 pb-3">
        <ul className="flex flex-wrap gap-1">
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <LocaleNavLink to={s.to} end={s.end} className={tab}>
                {t(`account.nav.${s.key}`)}
              </LocaleNavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
