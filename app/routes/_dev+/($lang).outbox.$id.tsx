import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getOutboxMessage, outboxAttachments } from '~/mail/outbox-view.server'
import { formatBytes } from '~/http/bytes'
import { useLocale } from '~/ui/locale-link'
import { LocaleLink } from '~/ui/locale-link'
import { notFound } from '~/utils/http.server'

export function loader({ params }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id)
  if (!id.success) throw notFound()
  const message = getOutboxMessage(id.data)
  if (!message) throw notFound()
  return {
    message: { id: message.id, to: message.toAddress, subject: message.subject, text: message.text, template: message.template },
    attachments: outboxAttachments(message),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.message.subject }, { name: 'robots', content: 'noindex' }]

export default function OutboxMessage() {
  const { message, attachments } = useLoaderData<typeof loader>()
  const { t } = useTranslation('mail')
  const locale = useLocale()
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
      <section aria-labelledby="attachments-title" className="mt-6">
        <h2 id="attachments-title" className="font-semibold">
          {t('outbox.attachments', { count: attachments.length })}
        </h2>
        {attachments.length === 0 ? (
          <p className="mt-1 text-sm text-muted">{t('outbox.noAttachments')}</p>
        ) : (
          <ul className="mt-2 space-y-2">
            {attachments.map((a) => (
              <li key={a.index} className="rounded-lg border border-ink/10 bg-white p-3 text-sm">
                {/* A full page load: a download, not a page of the app. */}
                <a href={`/outbox/${message.id}/attachments/${a.index}`} download={a.filename} className="link break-all font-semibold">
                  {a.filename}
                </a>
                <span className="block text-muted">
                  {`${a.contentType} · ${formatBytes(a.bytes, locale)}${a.inline ? ` · ${t('outbox.inline')}` : ''}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2 className="mt-6 font-semibold">{t('outbox.textVersion')}</h2>
      <pre className="mt-2 whitespace-pre-wrap rounded-lg border border-ink/10 bg-white p-4 font-sans text-sm">{message.text}</pre>
    </article>
  )
}
