import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { normaliseEmail } from '~/accounts/accounts.server'
import { routeLocale } from '~/accounts/http.server'
import { deleteAccountCancellingSubscriptions } from '~/accounts/privacy.server'
import { endSession, requireViewer } from '~/accounts/session.server'
import { FieldErrors } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  return { title: getT(locale, 'accounts')('privacy.title'), email: viewer.email }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  const t = getT(locale, 'accounts')
  const form = await readFormData(request)
  const typed = form.get('confirmEmail')
  if (typeof typed !== 'string' || normaliseEmail(typed) !== viewer.email) {
    return data({ error: t('errors.confirmMismatch'), typed: typeof typed === 'string' ? typed.slice(0, 254) : '' }, { status: 400 })
  }
  const outcome = await deleteAccountCancellingSubscriptions(viewer.id)
  if (!outcome.ok)
    return data(
      { error: outcome.reason === 'paymentsUnavailable' ? getT(locale, 'membership')('errors.unavailable') : t(outcome.reason === 'lastAdmin' ? 'errors.lastAdmin' : 'link.invalid'), typed },
      { status: outcome.reason === 'paymentsUnavailable' ? 503 : 400 },
    )
  const cookie = await endSession(request)
  throw redirect(`${localePath(locale, '/login')}?notice=deleted`, { headers: { 'Set-Cookie': cookie } })
}

export default function Privacy() {
  const { email } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const locale = useLocale()
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <h1 className="sr-only">{t('privacy.title')}</h1>
      <section aria-labelledby="export-title" className="rounded-lg border border-ink/10 bg-white p-5">
        <h2 id="export-title" className="font-serif text-xl">
          {t('privacy.exportTitle')}
        </h2>
        <p className="mt-2">{t('privacy.exportLead')}</p>
        <a href={localePath(locale, '/account/export')} download className="btn btn-primary mt-4">
          {t('privacy.exportButton')}
        </a>
      </section>
      <section aria-labelledby="delete-title" className="rounded-lg border border-accent/30 bg-white p-5">
        <h2 id="delete-title" className="font-serif text-xl">
          {t('privacy.deleteTitle')}
        </h2>
        <p className="mt-2">{t('privacy.deleteLead')}</p>
        <Form method="post" noValidate className="mt-4">
          <label htmlFor="confirmEmail" className="field-label break-words">
            {t('privacy.deleteConfirm', { email })}
          </label>
          <input
            id="confirmEmail"
            name="confirmEmail"
            type="email"
            autoComplete="off"
            defaultValue={a?.typed ?? ''}
            aria-invalid={a?.error ? true : undefined}
            aria-describedby={a?.error ? 'confirmEmail-error' : undefined}
            className="field-input"
          />
          <FieldErrors id="confirmEmail-error" errors={a?.error ? [a.error] : undefined} />
          <button type="submit" className="btn btn-primary mt-4">
            {t('privacy.deleteButton')}
          </button>
        </Form>
      </section>
    </div>
  )
}
