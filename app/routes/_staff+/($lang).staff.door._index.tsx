// /staff/door: door staff choose tonight's event (the door screen itself is /staff/door/<eventId>).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { requirePermission } from '~/accounts/session.server'
import { doorCounts, doorEvents } from '~/checkin/door.server'
import { formatDate, formatTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { notFound } from '~/utils/http.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  await requirePermission(request, 'door.admit')
  const db = getDb()
  const { tonight, upcoming } = doorEvents(db, locale)
  return {
    tonight: tonight.map((e) => {
      const c = doorCounts(db, e.id, locale)
      return { ...e, expected: c.expected, admitted: c.admitted }
    }),
    upcoming,
    title: `${getT(locale, 'door')('chooser.title')} — ${getT(locale)('club')}`,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

type Summary = { id: number; title: string; startsAt: number; venue: string | null; expected?: number; admitted?: number }

function EventButton({ event, big }: { event: Summary; big: boolean }) {
  const { t } = useTranslation('door')
  const locale = useLocale()
  return (
    <LocaleLink
      to={`/staff/door/${event.id}`}
      aria-label={t('chooser.open', { title: event.title })}
      className={`block rounded-lg border-2 border-ink px-4 ${big ? 'bg-ink py-5 text-paper' : 'py-4'} focus:outline-none focus-visible:ring-4 focus-visible:ring-amber-400`}
    >
      <span className={`block font-semibold ${big ? 'text-2xl' : 'text-xl'}`}>{event.title}</span>
      <span className="mt-1 block text-lg">
        {big ? formatTime(event.startsAt, locale) : `${formatDate(event.startsAt, locale)}, ${formatTime(event.startsAt, locale)}`}
        {event.venue ? ` · ${event.venue}` : ''}
      </span>
      {event.expected !== undefined ? (
        <span className="mt-1 block text-lg">{t('chooser.expected', { count: event.expected, admitted: event.admitted })}</span>
      ) : null}
    </LocaleLink>
  )
}

export default function DoorChooser() {
  const { tonight, upcoming } = useLoaderData<typeof loader>()
  const { t } = useTranslation('door')
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="font-serif text-3xl">{t('chooser.heading')}</h1>
      <section aria-labelledby="door-tonight" className="mt-6">
        <h2 id="door-tonight" className="text-xl font-semibold">
          {t('chooser.tonight')}
        </h2>
        {tonight.length === 0 ? (
          <p className="mt-2 text-lg">{t('chooser.noneTonight')}</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {tonight.map((e) => (
              <li key={e.id}>
                <EventButton event={e} big />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="door-upcoming" className="mt-8">
        <h2 id="door-upcoming" className="text-xl font-semibold">
          {t('chooser.upcoming')}
        </h2>
        {upcoming.length === 0 ? (
          <p className="mt-2 text-lg">{t('chooser.noneUpcoming')}</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {upcoming.map((e) => (
              <li key={e.id}>
                <EventButton event={e} big={false} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
