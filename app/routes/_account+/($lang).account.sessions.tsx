import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { listSessions, revokeOtherSessions, revokeSession } from '~/accounts/accounts.server'
import { routeLocale } from '~/accounts/http.server'
import { requireViewer } from '~/accounts/session.server'
import { Notice } from '~/accounts/ui'
import { formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { badRequest } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  return {
    title: getT(locale, 'accounts')('sessions.title'),
    sessions: listSessions(getDb(), viewer.id).map(({ id, ...s }) => ({ ...s, current: id === viewer.sessionId })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  const t = getT(locale, 'accounts')
  const form = await readFormData(request)
  if (form.get('intent') === 'others') {
    const n = revokeOtherSessions(viewer.id, viewer.sessionId)
    return { done: t('sessions.revokedOthers', { count: n }) }
  }
  const handle = form.get('session')
  if (typeof handle !== 'string' || !handle) throw badRequest()
  revokeSession(viewer.id, handle)
  return { done: t('sessions.revoked') }
}

/** describeUserAgent() says "Firefox on Linux"; the page says it in the reader's language. */
function useDevice() {
  const { t } = useTranslation('accounts')
  return (ua: string | null) => {
    const m = ua ? /^(.+) on (.+)$/.exec(ua) : null
    if (!m) return ua ?? t('sessions.unknownDevice')
    return t('sessions.deviceOn', { browser: m[1], os: m[2] === 'unknown system' ? t('sessions.unknownSystem') : m[2] })
  }
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const locale = useLocale()
  const device = useDevice()
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title" className="font-serif text-2xl">
        {t('sessions.title')}
      </h1>
      <p className="mt-1 text-muted">{t('sessions.lead')}</p>
      {a?.done ? <Notice>{a.done}</Notice> : null}
      <ul className="mt-4 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
        {sessions.map((s) => (
          <li key={s.handle} className="flex flex-wrap items-center justify-between gap-3 p-4" data-session={s.current ? 'current' : 'other'}>
            <div>
              <p className="font-semibold">
                {device(s.userAgent)}
                {s.current ? <span className="ml-2 rounded bg-ink px-2 py-0.5 text-xs text-paper">{t('sessions.current')}</span> : null}
              </p>
              <p className="text-sm text-muted">
                {t('sessions.started', { date: formatShortDateTime(s.createdAt, locale) })} · {t('sessions.lastSeen', { date: formatShortDateTime(s.lastSeenAt, locale) })}
              </p>
            </div>
            {s.current ? null : (
              <Form method="post">
                <input type="hidden" name="session" value={s.handle} />
                <button type="submit" className="btn btn-secondary">
                  {t('sessions.revoke')}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="others" />
          <button type="submit" className="btn btn-primary">
            {t('sessions.revokeOthers')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
