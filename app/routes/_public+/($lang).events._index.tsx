// /events: upcoming events grouped by day, a month view paged by ?month=YYYY-MM, filters by kind and
// language, and a text search (?q=) over titles, descriptions and speakers in both scripts.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DatedEventList, DayGroups } from '~/calendar/components'
import { listPublicEvents, startTimesInRange } from '~/calendar/events.server'
import { EventFilterForm, filtersFrom, Pager, queryString as listQueryString, type ListFilters } from '~/calendar/list-controls'
import { seoMeta } from '~/calendar/seo'
import { fastDayKey, fastDayMonth, fastMonthName, monthShape, weekdayNames } from '~/calendar/dates'
import { londonMonthRange, shiftMonthKey } from '~/calendar/time'
import { getEnv } from '~/env.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { getDb } from '#db/client.server'
import { notFound } from '~/utils/http.server'

/** Cards per page: a chosen month shows more at once; the default list of what is coming up is shorter,
 * because each card is most of a page's rendering cost (see bench/calendar.bench.ts). */
const MONTH_PAGE = 20
const UPCOMING_PAGE = 10

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const url = new URL(request.url)
  const filters = filtersFrom(url)
  const now = Date.now()
  const db = getDb()
  const t = getT(locale, 'calendar')
  const tc = getT(locale)
  const currentMonth = fastDayKey(now).slice(0, 7)
  const monthParam = url.searchParams.get('month')
  const month = monthParam && londonMonthRange(monthParam) ? monthParam : currentMonth
  const base = {
    locale,
    filters,
    currentMonth,
    month,
    /** The month the list is limited to; null when the list is everything coming up. */
    listMonth: monthParam && londonMonthRange(monthParam) ? monthParam : null,
    prevMonth: shiftMonthKey(month, -1),
    nextMonth: shiftMonthKey(month, 1),
    publicUrl: getEnv().PUBLIC_URL,
    title: `${t('title')} — ${tc('club')}`,
    description: t('lead'),
    siteName: tc('club'),
  }
  if (filters.q) {
    const { events, total } = listPublicEvents(db, { ...filters, locale, now, limit: 100 })
    return { ...base, mode: 'search' as const, events, total, dayCounts: {} as Record<string, number>, dayPages: {} as Record<string, number>, page: 1, pages: 1 }
  }
  const range = londonMonthRange(month)!
  const from = month === currentMonth ? now : range.start
  // A busy month is shown a page of events at a time; the grid counts them all.
  const pageRaw = Number(url.searchParams.get('page') ?? '1')
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 100 ? pageRaw : 1
  // Without ?month= the list is everything coming up (late in a month, "this month" would be nearly
  // empty); the grid shows this month either way. With ?month= the list is that month.
  const to = monthParam ? range.end : undefined
  const size = monthParam ? MONTH_PAGE : UPCOMING_PAGE
  const { events, total } = listPublicEvents(db, { ...filters, locale, now, from, to, limit: size, offset: (page - 1) * size })
  const dayCounts: Record<string, number> = {}
  /** Which page of the list each day's first event is on, so the grid links to the right one. */
  const dayPages: Record<string, number> = {}
  startTimesInRange(db, { ...filters, from, to: range.end })
    .sort((a, b) => a - b)
    .forEach((startsAt, index) => {
      const key = fastDayKey(Math.max(startsAt, range.start))
      dayCounts[key] = (dayCounts[key] ?? 0) + 1
      dayPages[key] ??= Math.floor(index / size) + 1
    })
  return { ...base, mode: 'month' as const, events, total, dayCounts, dayPages, page, pages: Math.max(1, Math.ceil(total / size)) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        ...seoMeta({ title: data.title, description: data.description, publicUrl: data.publicUrl, path: '/events', locale: data.locale, siteName: data.siteName, noindex: data.mode === 'search' }),
        { tagName: 'link', rel: 'alternate', type: 'text/calendar', title: data.title, href: localePath(data.locale, '/events.ics') },
      ]
    : []

function queryString(filters: ListFilters, month?: string, page?: number) {
  return listQueryString({ month, page, ...filters })
}

function MonthGrid({ month, dayCounts, dayHref }: { month: string; dayCounts: Record<string, number>; dayHref: (key: string) => string }) {
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  const range = londonMonthRange(month)!
  const monthName = fastMonthName(range.year, range.month, locale)
  const { lead, days } = monthShape(range.year, range.month)
  const weekdays = weekdayNames(locale)
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)]
  while (cells.length % 7) cells.push(null)
  return (
    <table className="w-full table-fixed border-collapse text-center" aria-label={t('month.grid', { month: monthName })}>
      <thead>
        <tr>
          {weekdays.map((w) => (
            <th key={w} scope="col" className="pb-1 text-xs font-semibold uppercase text-muted">
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: cells.length / 7 }, (_, row) => (
          <tr key={row}>
            {cells.slice(row * 7, row * 7 + 7).map((day, i) => {
              if (!day) return <td key={i} />
              const key = `${month}-${String(day).padStart(2, '0')}`
              const n = dayCounts[key] ?? 0
              const label = n > 0 ? fastDayMonth(Date.UTC(range.year, range.month - 1, day, 12), locale) : ''
              return (
                <td key={i} className="p-0.5">
                  {n > 0 ? (
                    <a
                      href={dayHref(key)}
                      aria-label={t('month.eventsOn', { count: n, date: label })}
                      className="flex h-10 flex-col items-center justify-center rounded bg-accent/10 font-semibold text-accent hover:bg-accent hover:text-white"
                    >
                      {day}
                      <span aria-hidden="true" className="text-[10px] leading-none">
                        {'•'.repeat(Math.min(n, 3))}
                      </span>
                    </a>
                  ) : (
                    <span className="flex h-10 items-center justify-center text-muted">{day}</span>
                  )}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default function EventsIndex() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  const { filters } = data
  const range = londonMonthRange(data.month)!
  const monthName = fastMonthName(range.year, range.month, locale)
  return (
    <>
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="font-serif text-4xl">{t('title')}</h1>
          <p className="mt-2 max-w-2xl text-muted">{t('lead')}</p>
        </div>
        <p className="flex flex-wrap gap-3 text-sm">
          <LocaleLink to="/events/archive" className="link">
            {t('archive')}
          </LocaleLink>
          <a href={localePath(locale, '/events.ics')} className="link" title={t('feed.subscribeHint')}>
            {t('feed.subscribe')}
          </a>
        </p>
      </header>

      <EventFilterForm filters={filters} clearTo="/events">
        {data.mode === 'month' && data.month !== data.currentMonth ? <input type="hidden" name="month" value={data.month} /> : null}
      </EventFilterForm>

      {data.mode === 'search' ? (
        <section className="mt-8" aria-labelledby="results-title">
          <h2 id="results-title" className="font-serif text-2xl">
            {t('searchResults', { q: filters.q })}
          </h2>
          {data.total === 0 ? (
            <div role="status" data-search-empty>
              <p className="mt-2 text-lg">{t('noMatch', { q: filters.q })}</p>
              <p className="mt-1 text-muted">{t('noMatchHint')}</p>
            </div>
          ) : (
            <p className="text-muted" role="status">
              {t('results', { count: data.total })}
            </p>
          )}
          {data.events.length === 0 ? null : (
            <DatedEventList events={data.events} locale={locale} t={t} className="mt-4 space-y-3" />
          )}
        </section>
      ) : (
        <div className="mt-8 grid gap-8 lg:grid-cols-[18rem_1fr]">
          <aside aria-labelledby="month-title" className="lg:sticky lg:top-4 lg:self-start">
            <nav className="flex items-center justify-between gap-2" aria-label={t('month.label')}>
              <LocaleLink to={`/events${queryString(filters, data.prevMonth)}`} className="btn btn-secondary px-3" aria-label={t('month.previous')} rel="prev">
                ←
              </LocaleLink>
              <h2 id="month-title" className="font-serif text-xl first-letter:uppercase" aria-live="polite">
                {monthName}
              </h2>
              <LocaleLink to={`/events${queryString(filters, data.nextMonth)}`} className="btn btn-secondary px-3" aria-label={t('month.next')} rel="next">
                →
              </LocaleLink>
            </nav>
            <div className="mt-3">
              <MonthGrid
                month={data.month}
                dayCounts={data.dayCounts}
                dayHref={(key) =>
                  (data.dayPages[key] ?? 1) === data.page
                    ? `#day-${key}`
                    : `${localePath(locale, `/events${queryString(filters, data.listMonth ?? undefined, data.dayPages[key])}`)}#day-${key}`
                }
              />
            </div>
            {data.month !== data.currentMonth ? (
              <p className="mt-2 text-center text-sm">
                <LocaleLink to={`/events${queryString(filters)}`} className="link">
                  {t('month.thisMonth')}
                </LocaleLink>
              </p>
            ) : null}
          </aside>
          <section aria-labelledby="list-title">
            <h2 id="list-title" className="sr-only">
              {t('upcoming')}
            </h2>
            <p className="mb-3 text-sm text-muted" role="status">
              {t('results', { count: data.total })}
            </p>
            {data.events.length === 0 ? <p>{t('noEventsMonth')}</p> : <DayGroups events={data.events} locale={locale} />}
            <Pager
              page={data.page}
              pages={data.pages}
              href={(page) => `/events${queryString(filters, data.listMonth ?? undefined, page)}`}
              previous={t(data.listMonth ? 'pagination.earlier' : 'pagination.sooner')}
              next={t(data.listMonth ? 'pagination.later' : 'pagination.further')}
              current={t('pagination.pageOf', { page: data.page, pages: data.pages })}
            />
          </section>
        </div>
      )}
    </>
  )
}
