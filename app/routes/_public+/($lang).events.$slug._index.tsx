// An event's page: when (London time, zone shown), where (unless the address is for ticket holders
// only), who, what, and tickets with the booking entry point (/events/<slug>/book, by ticketing).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ClientNavigation, PROSE, SpeakerFace, TicketBadge, timeRange } from '~/calendar/components'
import { fastDate, fastZone } from '~/calendar/dates'
import { getPublicEvent } from '~/calendar/events.server'
import { eventJsonLd } from '~/calendar/jsonld.server'
import { renderMarkdown } from '~/calendar/markdown.server'
import { jsonLdString, seoMeta } from '~/calendar/seo'
import { canBook } from '~/calendar/ticket-state'
import { getEnv } from '~/env.server'
import { formatMoney, formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { useLocale } from '~/ui/locale-link'
import { useNonce } from '~/ui/nonce'
import { getDb } from '#db/client.server'
import { heldSeats } from '~/ticketing/availability.server'
import { notFound } from '~/utils/http.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const event = getPublicEvent(getDb(), params.slug ?? '', locale)
  if (!event) throw notFound()
  const t = getT(locale, 'calendar')
  const tc = getT(locale)
  const publicUrl = getEnv().PUBLIC_URL
  const { description, ...rest } = event
  return {
    locale,
    event: rest,
    // "Sold out" while the last seats are only held would send people away for good: say they may come back.
    allHeld: event.ticketState === 'sold_out' && heldSeats(getDb(), event.id) > 0,
    descriptionHtml: renderMarkdown(description),
    jsonLd: jsonLdString(eventJsonLd(event, publicUrl, locale, tc('club'), t('place.london'))),
    publicUrl,
    siteName: tc('club'),
    title: `${event.title} — ${tc('club')}`,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? seoMeta({
        title: data.title,
        description: data.event.summary,
        publicUrl: data.publicUrl,
        path: `/events/${data.event.slug}`,
        locale: data.locale,
        siteName: data.siteName,
        image: data.event.speakers.find((s) => s.photoUrl)?.photoUrl ?? null,
        type: 'article',
      })
    : []

function useDuration() {
  const { t } = useTranslation('calendar')
  return (ms: number) => {
    const minutes = Math.round(ms / 60_000)
    const h = Math.floor(minutes / 60)
    const m = minutes % 60
    return [h ? t('duration.hours', { count: h }) : '', m ? t('duration.minutes', { count: m }) : ''].filter(Boolean).join(' ')
  }
}

export default function EventPage() {
  const { event, descriptionHtml, jsonLd, allHeld } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const { t: tc } = useTranslation()
  const { t: tt } = useTranslation('ticketing')
  const locale = useLocale()
  const nonce = useNonce()
  const duration = useDuration()
  const cancelled = event.status === 'cancelled'
  const bookable = canBook(event.ticketState)
  return (
    <ClientNavigation>
    <article aria-labelledby="event-title">
      <script type="application/ld+json" nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <p className="text-sm">
        <a href={localePath(locale, '/events')} className="link">
          ← {t('event.backToCalendar')}
        </a>
      </p>
      <p className="mt-4 flex flex-wrap items-center gap-2 text-sm font-semibold uppercase tracking-wide text-accent">
        <span>{t(`kind.${event.kind}`)}</span>
        <span aria-hidden="true">·</span>
        <span>{t(`language.${event.language}`)}</span>
      </p>
      <h1 id="event-title" className={`mt-1 font-serif text-3xl leading-tight sm:text-4xl ${cancelled ? 'line-through decoration-2' : ''}`}>
        {event.title}
      </h1>
      {event.summary ? <p className="mt-3 max-w-3xl text-lg text-muted">{event.summary}</p> : null}
      {cancelled ? (
        <p role="status" className="mt-4 rounded border-l-4 border-accent bg-red-50 px-4 py-3 font-semibold text-accent">
          {t('event.cancelledNotice')}
        </p>
      ) : null}

      <div className="mt-6 grid gap-8 md:grid-cols-[1fr_20rem]">
        <div>
          <dl className="grid gap-4 rounded-lg border border-ink/10 bg-white p-4 sm:grid-cols-2">
            <div>
              <dt className="text-sm font-semibold text-muted">{t('event.when')}</dt>
              <dd className="mt-1">
                <time dateTime={new Date(event.startsAt).toISOString()} className="first-letter:uppercase">
                  {fastDate(event.startsAt, locale)}
                </time>
                <br />
                <span data-testid="event-time">
                  {timeRange(event.startsAt, event.endsAt, locale)}
                </span>
                <span className="block text-sm text-muted">{t('event.timesNote', { zone: fastZone(event.startsAt) })}</span>
              </dd>
            </div>
            <div>
              <dt className="text-sm font-semibold text-muted">{t('event.duration')}</dt>
              <dd className="mt-1">{duration(event.endsAt - event.startsAt)}</dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-sm font-semibold text-muted">{t('event.where')}</dt>
              <dd className="mt-1" data-testid="event-place">
                {event.place ? (
                  <>
                    <span className="font-semibold">{event.place.name}</span>
                    <br />
                    <address className="not-italic">{event.place.address}</address>
                    {event.place.directions ? <p className="mt-1 text-sm text-muted">{event.place.directions}</p> : null}
                  </>
                ) : event.addressHidden ? (
                  <>
                    <span className="font-semibold">{t('place.london')}</span>
                    <p className="mt-1 text-sm">{t('place.hidden')}</p>
                  </>
                ) : (
                  t('place.none')
                )}
              </dd>
            </div>
          </dl>

          {descriptionHtml ? (
            <section aria-labelledby="about-title" className="mt-8">
              <h2 id="about-title" className="font-serif text-2xl">
                {t('event.about')}
              </h2>
              <div className={`mt-2 max-w-3xl ${PROSE}`} dangerouslySetInnerHTML={{ __html: descriptionHtml }} />
            </section>
          ) : null}

          {event.speakers.length > 0 ? (
            <section aria-labelledby="speakers-title" className="mt-8">
              <h2 id="speakers-title" className="font-serif text-2xl">
                {t('event.speakers')}
              </h2>
              <ul className="mt-3 grid gap-4 sm:grid-cols-2">
                {event.speakers.map((s) => (
                  <li key={s.slug} className="flex items-center gap-3">
                    <SpeakerFace name={s.name} photoUrl={s.photoUrl} />
                    <div>
                      <a href={localePath(locale, `/speakers/${s.slug}`)} className="link font-semibold">
                        {s.name}
                      </a>
                      {s.role ? <p className="text-sm text-muted">{s.role}</p> : null}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>

        <aside aria-labelledby="tickets-title" className="md:sticky md:top-4 md:self-start">
          <div className="rounded-lg border border-ink/10 bg-white p-4 shadow-sm">
            <div className="flex items-center justify-between gap-2">
              <h2 id="tickets-title" className="font-serif text-xl">
                {t('event.tickets')}
              </h2>
              <TicketBadge state={event.ticketState} />
            </div>
            {allHeld ? (
              <p className="mt-2 text-sm font-semibold" data-all-held>
                {tt('book.allHeld')}
              </p>
            ) : null}
            {event.ticketTypes.length === 0 ? (
              <p className="mt-3 text-sm">{t('event.noTickets')}</p>
            ) : (
              <ul className="mt-3 divide-y divide-ink/10">
                {event.ticketTypes.map((tt) => (
                  <li key={tt.id} className="py-2" data-ticket-type={tt.id}>
                    <div className="flex items-baseline justify-between gap-2">
                      <span className="font-semibold">{tt.name}</span>
                      <span>{tt.pricePence === 0 ? tc('free') : formatMoney(tt.pricePence, tt.currency, locale)}</span>
                    </div>
                    {tt.memberPricePence !== null && tt.memberPricePence !== tt.pricePence ? (
                      <p className="text-sm text-muted">
                        {t('event.memberPrice', { price: tt.memberPricePence === 0 ? tc('free') : formatMoney(tt.memberPricePence, tt.currency, locale) })}
                      </p>
                    ) : null}
                    {tt.membersOnly ? <p className="text-sm font-semibold text-violet-900">{t('event.membersOnly')}</p> : null}
                    {tt.description ? <p className="text-sm text-muted">{tt.description}</p> : null}
                    {tt.state !== 'on_sale' ? (
                      <p className="text-sm text-muted">
                        {tt.state === 'not_yet' && tt.salesStartAt ? t('event.salesFrom', { date: formatShortDateTime(tt.salesStartAt, locale) }) : t(`state.${tt.state}`)}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {bookable ? (
              <a href={localePath(locale, `/events/${event.slug}/book`)} className="btn btn-primary mt-3 w-full">
                {event.ticketState === 'members_only' ? t('event.bookMembers') : t('event.book')}
              </a>
            ) : null}
            {event.ticketState === 'members_only' ? <p className="mt-2 text-sm text-muted">{tt('book.onlyMembers')}</p> : null}
          </div>
          <p className="mt-3 text-sm">
            <a href={localePath(locale, `/events/${event.slug}/calendar.ics`)} className="link" download={`${event.slug}.ics`}>
              {t('event.addToCalendar')}
            </a>
          </p>
        </aside>
      </div>
    </article>
    </ClientNavigation>
  )
}
