import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { countUpcomingEvents, listUpcomingEvents } from '~/calendar/upcoming.server'
import { formatDateTimeWithZone } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { getDb } from '#db/client.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang) ?? 'en'
  const db = getDb()
  const t = getT(locale)
  return {
    title: `${t('club')} — ${t('home.title')}`,
    events: listUpcomingEvents(db),
    total: countUpcomingEvents(db),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export default function Home() {
  const { events, total } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const locale = useLocale()
  return (
    <>
      <section aria-labelledby="home-title" className="py-6">
        <h1 id="home-title" className="font-serif text-4xl leading-tight sm:text-5xl">
          {t('home.title')}
        </h1>
        <p className="mt-4 max-w-3xl text-lg text-muted">{t('home.lead')}</p>
      </section>
      <section aria-labelledby="upcoming-title" className="mt-8">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="upcoming-title" className="font-serif text-2xl">
            {t('home.upcoming')}
          </h2>
          <p className="text-muted">{t('home.upcomingCount', { count: total })}</p>
        </div>
        {events.length === 0 ? (
          <p className="mt-4">{t('home.noEvents')}</p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {events.map((e) => (
              <li key={e.slug} className="rounded-lg border border-ink/10 bg-white p-4 shadow-sm">
                <p className="text-sm font-semibold text-accent">
                  <time dateTime={new Date(e.startsAt).toISOString()}>{formatDateTimeWithZone(e.startsAt, locale)}</time>
                </p>
                <h3 className="mt-1 font-serif text-lg leading-snug">
                  <LocaleLink to={`/events/${e.slug}`} className="hover:underline">
                    {locale === 'ru' ? e.titleRu : e.titleEn}
                  </LocaleLink>
                </h3>
                <p className="mt-2 text-sm text-muted">{locale === 'ru' ? e.summaryRu : e.summaryEn}</p>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-6 flex flex-wrap gap-3">
          <LocaleLink to="/events" className="btn btn-primary">
            {t('home.seeCalendar')}
          </LocaleLink>
          <LocaleLink to="/membership" className="btn btn-secondary">
            {t('home.becomeMember')}
          </LocaleLink>
        </p>
        <p className="mt-2 text-sm text-muted">{t('home.memberPitch')}</p>
      </section>
    </>
  )
}
