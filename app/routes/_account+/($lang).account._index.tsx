import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { getUser } from '~/accounts/accounts.server'
import { routeLocale } from '~/accounts/http.server'
import { requireViewer } from '~/accounts/session.server'
import { Notice } from '~/accounts/ui'
import { formatDateTimeWithZone } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { ordersOfUser } from '~/ticketing/pages.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'

const UPCOMING_SHOWN = 3

const NOTICES = { confirmed: 'verify.confirmed', emailChanged: 'verify.emailChanged', signedIn: 'verify.signedIn', passwordReset: 'reset.done' } as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  const user = getUser(getDb(), viewer.id)!
  const notice = new URL(request.url).searchParams.get('notice')
  const now = Date.now()
  const orders = ordersOfUser(getDb(), viewer.id)
  // The events still to come that the person holds valid tickets for, soonest first.
  const upcoming = orders
    .map((d) => ({ code: d.order.code, title: locale === 'ru' ? d.event.titleRu : d.event.titleEn, startsAt: d.event.startsAt, endsAt: d.event.endsAt, tickets: d.tickets.filter((t) => t.status === 'valid').length }))
    .filter((o) => o.endsAt >= now && o.tickets > 0)
    .sort((a, b) => a.startsAt - b.startsAt)
  return {
    tickets: { shown: upcoming.slice(0, UPCOMING_SHOWN), more: Math.max(0, upcoming.length - UPCOMING_SHOWN), any: orders.length > 0 },
    title: getT(locale, 'accounts')('account.title'),
    email: viewer.email,
    locale: user.locale,
    newsletter: user.newsletterOptIn,
    roles: viewer.roles,
    notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export default function AccountOverview() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('accounts')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  return (
    <div>
      <h1 className="sr-only">{t('account.title')}</h1>
      {d.notice ? <Notice>{t(d.notice)}</Notice> : null}
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        <section aria-labelledby="profile-title" className="rounded-lg border border-ink/10 bg-white p-5">
          <h2 id="profile-title" className="font-serif text-xl">
            {t('settings.profileTitle')}
          </h2>
          <p className="mt-2 break-all">{t('account.email', { email: d.email })}</p>
          <p className="mt-1">{t('account.language', { language: t(`languages.${d.locale}`) })}</p>
          <p className="mt-1">{d.newsletter ? t('account.newsletterOn') : t('account.newsletterOff')}</p>
          <p className="mt-1">{t('account.roles', { roles: d.roles.map((r) => t(`account.role.${r}`)).join(', ') })}</p>
          <p className="mt-3">
            <LocaleLink to="/account/settings" className="link">
              {t('account.nav.settings')}
            </LocaleLink>
          </p>
        </section>
        <section aria-labelledby="tickets-title" className="rounded-lg border border-ink/10 bg-white p-5" data-section="tickets">
          <h2 id="tickets-title" className="font-serif text-xl">
            {t('account.ticketsTitle')}
          </h2>
          {d.tickets.shown.length > 0 ? (
            <ul className="mt-2 divide-y divide-ink/10">
              {d.tickets.shown.map((o) => (
                <li key={o.code} className="py-2">
                  <LocaleLink to={`/orders/${o.code}`} className="link font-semibold">
                    {o.title}
                  </LocaleLink>
                  <p className="text-sm text-muted">
                    <time dateTime={new Date(o.startsAt).toISOString()}>{formatDateTimeWithZone(o.startsAt, locale)}</time> · {tc('tickets', { count: o.tickets })}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-muted">{t(d.tickets.any ? 'account.ticketsNoneUpcoming' : 'account.ticketsEmpty')}</p>
          )}
          {d.tickets.more > 0 ? <p className="mt-1 text-sm">{t('account.ticketsMore', { count: d.tickets.more })}</p> : null}
          <p className="mt-3">
            {d.tickets.any ? (
              <LocaleLink to="/account/tickets" className="link">
                {t('account.ticketsSeeAll')}
              </LocaleLink>
            ) : (
              <LocaleLink to="/events" className="link">
                {t('account.ticketsSeeCalendar')}
              </LocaleLink>
            )}
          </p>
        </section>
        {/* MEMBERSHIP: the membership issue fills this section (and adds /account/membership). */}
        <section aria-labelledby="membership-title" className="rounded-lg border border-ink/10 bg-white p-5" data-section="membership">
          <h2 id="membership-title" className="font-serif text-xl">
            {t('account.membershipTitle')}
          </h2>
          <p className="mt-2 text-muted">{t('account.membershipEmpty')}</p>
        </section>
      </div>
    </div>
  )
}
