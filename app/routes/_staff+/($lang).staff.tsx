// The staff area's frame. Its loader checks the role, but Remix runs a leaf route's action alone:
// every staff loader and action below calls requireRole itself as well.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '~/accounts/session.server'
import { LocaleNavLink } from '~/ui/locale-link'

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, 'staff')
  return { isAdmin: viewer.roles.includes('admin') }
}

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-ink text-paper' : 'hover:bg-ink/5'}`

export default function StaffLayout() {
  const { isAdmin } = useLoaderData<typeof loader>()
  const { t } = useTranslation('staff')
  return (
    <div>
      <nav aria-label={t('nav.label')} className="mb-6 border-b border-ink/10 pb-3">
        <ul className="flex flex-wrap gap-1">
          <li>
            <LocaleNavLink to="/staff/events" className={tab}>
              {t('nav.events')}
            </LocaleNavLink>
          </li>
          <li>
            <LocaleNavLink to="/staff/speakers" className={tab}>
              {t('nav.speakers')}
            </LocaleNavLink>
          </li>
          <li>
            <LocaleNavLink to="/staff/venues" className={tab}>
              {t('nav.venues')}
            </LocaleNavLink>
          </li>
          {isAdmin ? (
            <>
              <li>
                <LocaleNavLink to="/staff/people" className={tab}>
                  {t('nav.people')}
                </LocaleNavLink>
              </li>
              <li>
                <LocaleNavLink to="/staff/audit" className={tab}>
                  {t('nav.audit')}
                </LocaleNavLink>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
