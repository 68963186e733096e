import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listOutbox } from '~/mail/outbox-view.server'
import { formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'

export function loader({ params }: LoaderFunctionArgs) {
  const t = getT(localeFromParam(params.lang) ?? 'en', 'mail')
  return { title: t('outbox.title'), messages: listOutbox() }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>()
  const { t } = useTranslation('mail')
  const locale = useLocale()
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title" className="font-serif text-3xl">
        {t('outbox.title')}
      </h1>
      <p className="mt-2 text-muted">{t('outbox.lead')}</p>
      {messages.length === 0 ? (
        <p className="mt-6">{t('outbox.empty')}</p>
      ) : (
        <ul className="mt-6 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
          {messages.map((m) => (
            <li key={m.id} className="p-4">
              <LocaleLink to={`/outbox/${m.id}`} className="font-semibold hover:underline">
                {m.subject}
              </LocaleLink>
              <p className="text-sm text-muted">
                {t('outbox.to')}: {m.toAddress} · <time dateTime={new Date(m.createdAt).toISOString()}>{formatShortDateTime(m.createdAt, locale)}</time> · {m.template}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
