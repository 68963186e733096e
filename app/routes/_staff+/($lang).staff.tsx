// The staff area's frame, for anyone who works at the club; it shows the tabs their role allows.
// Remix runs a leaf route's loader and action without this one: every page below calls
// requirePermission itself (app/accounts/permissions.ts holds the table).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { can, type Permission } from '~/accounts/permissions'
import { requireClubWorker } from '~/accounts/session.server'
import { LocaleNavLink } from '~/ui/locale-link'

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireClubWorker(request)
  return { roles: viewer.roles }
}

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-ink text-paper' : 'hover:bg-ink/5'}`

/** The back office's tabs, each shown only to those whose role allows the page behind it. */
const TABS: { to: string; key: string; permission: Permission }[] = [
  { to: '/staff/door', key: 'door:tab', permission: 'door.admit' },
  { to: '/staff/events', key: 'nav.events', permission: 'programme.edit' },
  { to: '/staff/speakers', key: 'nav.speakers', permission: 'programme.edit' },
  { to: '/staff/venues', key: 'nav.venues', permission: 'programme.edit' },
  { to: '/staff/members', key: 'nav.members', permission: 'members.view' },
  { to: '/staff/people', key: 'nav.people', permission: 'people.manage' },
  { to: '/staff/audit', key: 'nav.audit', permission: 'audit.view' },
]

export default function StaffLayout() {
  const { roles } = useLoaderData<typeof loader>()
  const { t } = useTranslation('staff')
  return (
    <div>
      <nav aria-label={t('nav.label')} className="mb-6 border-b border-ink/10 pb-3">
        <ul className="flex flex-wrap gap-1">
          {TABS.filter((tabDef) => can(roles, tabDef.permission)).map((tabDef) => (
            <li key={tabDef.to}>
              <LocaleNavLink to={tabDef.to} className={tab}>
                {t(tabDef.key)}
              </LocaleNavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
