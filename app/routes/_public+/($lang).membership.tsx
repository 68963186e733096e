import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { formatMoney } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { listActivePlans } from '~/membership/plans.server'
import { useLocale } from '~/ui/locale-link'

export function loader({ params }: LoaderFunctionArgs) {
  const t = getT(localeFromParam(params.lang) ?? 'en', 'membership')
  return { title: `${t('title')} — ${getT(localeFromParam(params.lang) ?? 'en')('club')}`, plans: listActivePlans(getDb()) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export default function Membership() {
  const { plans } = useLoaderData<typeof loader>()
  const { t } = useTranslation('membership')
  const locale = useLocale()
  return (
    <article aria-labelledby="membership-title" className="max-w-3xl">
      <h1 id="membership-title" className="font-serif text-3xl">
        {t('title')}
      </h1>
      <p className="mt-4 text-lg">{t('lead')}</p>
      <h2 className="mt-8 font-serif text-2xl">{t('plansHeading')}</h2>
      <ul className="mt-4 grid gap-4 sm:grid-cols-3">
        {plans.map((p) => {
          const price = formatMoney(p.pricePence, p.currency, locale)
          return (
            <li key={p.slug} className="rounded-lg border border-ink/10 bg-white p-4">
              <h3 className="font-serif text-lg">{locale === 'ru' ? p.nameRu : p.nameEn}</h3>
              <p className="mt-1 font-semibold text-accent">{t(p.interval === 'month' ? 'perMonth' : 'perYear', { price })}</p>
              <p className="mt-2 text-sm text-muted">{locale === 'ru' ? p.descriptionRu : p.descriptionEn}</p>
            </li>
          )
        })}
      </ul>
      <p role="note" className="mt-6 rounded border border-ink/10 bg-amber-50 p-4">
        {t('notOpen')}
      </p>
    </article>
  )
}
