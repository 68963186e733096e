import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getOutboxMessage } from '~/mail/outbox-view.server'
import { LocaleLink } from '~/ui/locale-link'
import { notFound } from '~/utils/http.server'

export function loader({ params }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id)
  if (!id.success) throw notFound()
  const message = getOutboxMessage(id.data)
  if (!message) throw notFound()
  return { message: { id: message.id, to: message.toAddress, subject: message.subject, text: message.text, template: message.template } }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.message.subject }, { name: 'robots', content: 'noindex' }]

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>()
  const { t } = useTranslation('mail')
  return (
    <article aria-labelledby="message-subject">
      <p>
        <LocaleLink to="/outbox" className="link">
          ← {t('outbox.back')}
        </LocaleLink>
      </p>
      <h1 id="message-subject" className="mt-4 font-serif text-2xl">
        {message.subject}
      </h1>
      <dl className="mt-2 text-sm text-muted">
        <div>
          <dt className="inline">{t('outbox.to')}: </dt>
          <dd className="inline">{message.to}</dd>
        </div>
        <div>
          <dt className="inline">{t('outbox.template')}: </dt>
          <dd className="inline">{message.template}</dd>
        </div>
      </dl>
      <p className="mt-4">
        {/* A full page load: the HTML version is a document of its own, with its own strict CSP. */}
        <a href={`/outbox/${message.id}/html`} className="btn btn-primary">
          {t('outbox.openHtml')}
        </a>
      </p>
      <h2 className="mt-6 font-semibold">{t('outbox.textVersion')}</h2>
      <pre className="mt-2 whitespace-pre-wrap rounded-lg border border-ink/10 bg-white p-4 font-sans text-sm">{message.text}</pre>
    </article>
  )
}
