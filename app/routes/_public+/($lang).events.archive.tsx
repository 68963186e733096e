// /events/archive: past events, newest first, with the same filters and search as the calendar.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DatedEventList } from '~/calendar/components'
import { listPublicEvents } from '~/calendar/events.server'
import { EventFilterForm, filtersFrom, Pager, queryString } from '~/calendar/list-controls'
import { seoMeta } from '~/calendar/seo'
import { getEnv } from '~/env.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { getDb } from '#db/client.server'
import { notFound } from '~/utils/http.server'

const PAGE = 30

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const url = new URL(request.url)
  const filters = filtersFrom(url)
  const pageRaw = Number(url.searchParams.get('page') ?? '1')
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 10_000 ? pageRaw : 1
  const { events, total } = listPublicEvents(getDb(), { ...filters, locale, past: true, limit: PAGE, offset: (page - 1) * PAGE })
  const t = getT(locale, 'calendar')
  const tc = getT(locale)
  return {
    locale,
    filters,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    events,
    total,
    publicUrl: getEnv().PUBLIC_URL,
    title: `${t('archiveTitle')} — ${tc('club')}`,
    description: t('archiveLead'),
    siteName: tc('club'),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? seoMeta({ title: data.title, description: data.description, publicUrl: data.publicUrl, path: '/events/archive', locale: data.locale, siteName: data.siteName }) : []

export default function Archive() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  const { q, kind, language } = data.filters
  return (
    <>
      <p className="text-sm">
        <LocaleLink to="/events" className="link">
          ← {t('event.backToCalendar')}
        </LocaleLink>
      </p>
      <h1 className="mt-2 font-serif text-4xl">{t('archiveTitle')}</h1>
      <p className="mt-2 text-muted">{t('archiveLead')}</p>
      <EventFilterForm filters={data.filters} />
      <p className="mt-6 text-sm text-muted" role="status">
        {t('results', { count: data.total })}
      </p>
      {data.events.length === 0 ? (
        <p className="mt-4">{t('noEvents')}</p>
      ) : (
        <DatedEventList events={data.events} locale={locale} t={t} />
      )}
      <Pager
        page={data.page}
        pages={data.pages}
        href={(page) => `/events/archive${queryString({ q, kind, language, page })}`}
        previous={t('pagination.previous')}
        next={t('pagination.next')}
        current={t('pagination.page', { page: data.page })}
      />
    </>
  )
}
