// Staff: venues.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '~/accounts/session.server'
import { listVenues } from '~/calendar/venues.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { getDb } from '#db/client.server'
import { notFound } from '~/utils/http.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  await requirePermission(request, 'programme.edit')
  return { venues: listVenues(getDb()), title: `${getT(locale, 'calendar')('staff.venues')} — ${getT(locale)('club')}` }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

export default function StaffVenues() {
  const { venues } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-serif text-3xl">{t('staff.venues')}</h1>
        <LocaleLink to="/staff/venues/new" className="btn btn-primary">
          {t('staff.newVenue')}
        </LocaleLink>
      </div>
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
