// /events/archive: past events, newest first, with the same filters and search as the calendar.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DatedEventList } from '~/calendar/components'
import { KINDS as EVENT_KINDS, LANGUAGES as EVENT_LANGUAGES, type Kind as EventKind, type Language as EventLanguage } from '~/calendar/constants'
import { listPublicEvents } from '~/calendar/events.server'
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
  const k = url.searchParams.get('kind')
  const l = url.searchParams.get('language')
  const filters = {
    kind: (EVENT_KINDS as readonly string[]).includes(k ?? '') ? (k as EventKind) : null,
    language: (EVENT_LANGUAGES as readonly string[]).includes(l ?? '') ? (l as EventLanguage) : null,
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 100),
  }
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
  const qs = (page: number) => {
    const p = new URLSearchParams()
    if (data.filters.q) p.set('q', data.filters.q)
    if (data.filters.kind) p.set('kind', data.filters.kind)
    if (data.filters.language) p.set('language', data.filters.language)
    if (page > 1) p.set('page', String(page))
    const s = p.toString()
    return s ? `?${s}` : ''
  }
  return (
    <>
      <p className="text-sm">
        <LocaleLink to="/events" className="link">
          ← {t('event.backToCalendar')}
        </LocaleLink>
      </p>
      <h1 className="mt-2 font-serif text-4xl">{t('archiveTitle')}</h1>
      <p className="mt-2 text-muted">{t('archiveLead')}</p>
      <Form method="get" className="mt-6 grid gap-3 rounded-lg border border-ink/10 bg-white p-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="q" className="field-label">
            {t('filters.search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={data.filters.q} placeholder={t('filters.searchPlaceholder')} className="field-input" maxLength={100} />
        </div>
        <div>
          <label htmlFor="kind" className="field-label">
            {t('filters.kind')}
          </label>
          <select id="kind" name="kind" defaultValue={data.filters.kind ?? ''} className="field-input">
            <option value="">{t('filters.any')}</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="language" className="field-label">
            {t('filters.language')}
          </label>
          <select id="language" name="language" defaultValue={data.filters.language ?? ''} className="field-input">
            <option value="">{t('filters.any')}</option>
            {EVENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languageShort.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          {t('filters.apply')}
        </button>
      </Form>
      <p className="mt-6 text-sm text-muted" role="status">
        {t('results', { count: data.total })}
      </p>
      {data.events.length === 0 ? (
        <p className="mt-4">{t('noEvents')}</p>
      ) : (
        <DatedEventList events={data.events} locale={locale} t={t} />
      )}
      {data.pages > 1 ? (
        <nav className="mt-6 flex items-center justify-between" aria-label={t('pagination.page', { page: data.page })}>
          {data.page > 1 ? (
            <LocaleLink to={`/events/archive${qs(data.page - 1)}`} className="btn btn-secondary" rel="prev">
              ← {t('pagination.previous')}
            </LocaleLink>
          ) : (
            <span />
          )}
          <span className="text-sm text-muted">{t('pagination.page', { page: data.page })}</span>
          {data.page < data.pages ? (
            <LocaleLink to={`/events/archive${qs(data.page + 1)}`} className="btn btn-secondary" rel="next">
              {t('pagination.next')} →
            </LocaleLink>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  )
}
