import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { getUser } from '~/accounts/accounts.server'
import { routeLocale } from '~/accounts/http.server'
import { requireViewer } from '~/accounts/session.server'
import { Notice } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { LocaleLink } from '~/ui/locale-link'

const NOTICES = { confirmed: 'verify.confirmed', emailChanged: 'verify.emailChanged', signedIn: 'verify.signedIn', passwordReset: 'reset.done' } as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  const user = getUser(getDb(), viewer.id)!
  const notice = new URL(request.url).searchParams.get('notice')
  return {
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
        {/* TICKETS: the ticketing issue fills this section (and adds /account/tickets). */}
        <section aria-labelledby="tickets-title" className="rounded-lg border border-ink/10 bg-white p-5" data-section="tickets">
          <h2 id="tickets-title" className="font-serif text-xl">
            {t('account.ticketsTitle')}
          </h2>
          <p className="mt-2 text-muted">{t('account.ticketsEmpty')}</p>
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
