// Staff: venues.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listVenues } from '~/calendar/venues.server'
import { staffPageTitle, startStaffPage } from '~/calendar/staff-edit.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { StaffHeader, staffMeta } from '~/ui/staff-header'
import { getDb } from '#db/client.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale } = await startStaffPage(params, request)
  return { venues: listVenues(getDb()), title: staffPageTitle(locale, 'staff.venues') }
}

export const meta: MetaFunction<typeof loader> = staffMeta

export default function StaffVenues() {
  const { venues } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  return (
    <>
      <StaffHeader title={t('staff.venues')} create={{ to: '/staff/venues/new', label: t('staff.newVenue') }} />
      {venues.length === 0 ? (
        <p className="mt-4">{t('staff.noVenues')}</p>
      ) : (
        <ul className="mt-4 space-y-2">
          {venues.map((v) => (
            <li key={v.id} className="rounded border border-ink/10 bg-white p-3">
              <LocaleLink to={`/staff/venues/${v.id}`} className="link font-semibold">
                {locale === 'ru' ? v.nameRu : v.nameEn}
              </LocaleLink>
              <p className="text-sm text-muted">{locale === 'ru' ? v.addressRu : v.addressEn}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
