// The membership card a member shows at the door. A small service worker scoped to this page keeps
// the last copy, so it opens without a connection once it has been opened once.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { requireViewer } from '~/accounts/session.server'
import { formatDate } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { membershipCard } from '~/membership/card.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requireViewer(request)
  const card = await membershipCard(getDb(), viewer.id)
  return { pageTitle: getT(locale, 'membership')('card.title'), card }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

export function headers() {
  // Personal: never in a shared cache; the service worker keeps its own copy.
  return { 'Cache-Control': 'private, no-store' }
}

export default function MembershipCard() {
  const { card } = useLoaderData<typeof loader>()
  const { t } = useTranslation('membership')
  const locale = useLocale()
  const [offline, setOffline] = useState(false)
  useEffect(() => {
    if (!card || !('serviceWorker' in navigator)) return
    const scope = localePath(locale, '/account/card')
    navigator.serviceWorker
      .register(`${scope}-sw.js`, { scope })
      .then(() => setOffline(true))
      .catch(() => {})
  }, [card, locale])
  return (
    <section aria-labelledby="card-title" className="mx-auto max-w-sm">
      <h1 id="card-title" className="font-serif text-2xl">
        {t('card.title')}
      </h1>
      {!card ? (
        <p className="mt-4">
          {t('card.notMember')}{' '}
          <LocaleLink to="/membership" className="link">
            {t('account.seePlans')}
          </LocaleLink>
        </p>
      ) : (
        <div className="mt-4 rounded-xl border-2 border-ink bg-white p-4 text-center">
          <p className="text-sm text-muted">{t('card.lead')}</p>
          <img src={card.qr} alt={t('card.qrAlt')} width={280} height={280} className="mx-auto mt-3" data-testid="card-qr" />
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-left">
            <dt className="text-muted">{t('card.name')}</dt>
            <dd className="font-semibold">{card.name}</dd>
            <dt className="text-muted">{t('card.plan')}</dt>
            <dd>{locale === 'ru' ? card.planRu : card.planEn}</dd>
            <dt className="text-muted">{t('card.validUntil')}</dt>
            <dd data-testid="card-valid-until">{card.validUntil ? formatDate(card.validUntil, locale) : ''}</dd>
          </dl>
          {offline ? <p className="mt-2 text-xs text-muted">{t('card.offline')}</p> : null}
        </div>
      )}
    </section>
  )
}
