// A signed-in buyer's tickets, newest first, each order linking to its page with the QR codes.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { requireViewer } from '~/accounts/session.server'
import { formatDateTimeWithZone } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { ordersOfUser } from '~/ticketing/pages.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requireViewer(request)
  const now = Date.now()
  const orders = ordersOfUser(getDb(), viewer.id).map((d) => ({
    code: d.order.code,
    status: d.order.status,
    title: locale === 'ru' ? d.event.titleRu : d.event.titleEn,
    slug: d.event.slug,
    startsAt: d.event.startsAt,
    past: d.event.endsAt < now,
    tickets: d.tickets.filter((t) => t.status === 'valid').length,
  }))
  return { pageTitle: getT(locale, 'ticketing')('account.title'), orders }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

export default function AccountTickets() {
  const { orders } = useLoaderData<typeof loader>()
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  const groups = [
    ['upcoming', orders.filter((o) => !o.past)],
    ['past', orders.filter((o) => o.past)],
  ] as const
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title" className="font-serif text-3xl">
        {t('account.title')}
      </h1>
      <p className="mt-2 text-muted">{t('account.lead')}</p>
      {orders.length === 0 ? (
        <p className="mt-6">
          {t('account.empty')}{' '}
          <LocaleLink to="/events" className="link">
            {t('account.seeCalendar')}
          </LocaleLink>
        </p>
      ) : (
        groups.map(([key, list]) =>
          list.length === 0 ? null : (
            <div key={key} className="mt-6">
              <h2 className="font-serif text-xl">{t(`account.${key}`)}</h2>
              <ul className="mt-3 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
                {list.map((o) => (
                  <li key={o.code} className="flex flex-wrap items-center justify-between gap-2 p-4">
                    <div>
                      <p className="font-semibold">{o.title}</p>
                      <p className="text-sm text-muted">
                        <time dateTime={new Date(o.startsAt).toISOString()}>{formatDateTimeWithZone(o.startsAt, locale)}</time> · {tc('tickets', { count: o.tickets })} · {t(`order.status.${o.status}`)}
                      </p>
                    </div>
                    <LocaleLink to={`/orders/${o.code}`} className="btn btn-secondary">
                      {t('account.open')}
                    </LocaleLink>
                  </li>
                ))}
              </ul>
            </div>
          ),
        )
      )}
    </section>
  )
}
