// The link from a reset message. Opening it changes nothing; the form (a POST) sets the new password.
import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { getDb } from '#db/client.server'
import { resetPassword } from '~/accounts/accounts.server'
import { clientIp, rateLimitMessage, retryAfterHeaders, routeLocale, tooMany, translateReply } from '~/accounts/http.server'
import { publicOrigin } from '~/accounts/links.server'
import { take } from '~/accounts/rate-limit.server'
import { resetSchema } from '~/accounts/schemas'
import { startSession } from '~/accounts/session.server'
import { checkToken } from '~/accounts/tokens.server'
import { FormErrors, PageTitle, TextField } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { readFormData } from '~/utils/form.server'

export function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const t = getT(locale, 'accounts')
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const check = checkToken(getDb(), token)
  const problem = !check.ok ? t(`link.${check.reason}`) : check.verification.purpose !== 'reset_password' ? t('link.invalid') : null
  return data({ title: t('reset.title'), token: problem ? null : token, problem }, { status: problem ? 400 : 200 })
}

// Same-origin, not no-referrer: see verify.tsx.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'referrer', content: 'same-origin' }]

export const headers = retryAfterHeaders

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const t = getT(locale, 'accounts')
  const submission = parseWithZod(await readFormData(request), { schema: resetSchema })
  if (submission.status !== 'success') return data({ result: translateReply(submission.reply({ hideFields: ['password'] }), locale), problem: null }, { status: 400 })
  const wait = await take([['codeAddress', clientIp(context)]])
  if (wait) return tooMany({ result: submission.reply({ formErrors: [rateLimitMessage(locale, wait)], hideFields: ['password'] }), problem: null }, wait)
  const outcome = await resetPassword(submission.value.token, submission.value.password, publicOrigin(request))
  if (!outcome.ok) return data({ result: null, problem: t(`link.${outcome.reason}`) }, { status: 400 })
  const cookie = await startSession(request, outcome.userId)
  throw redirect(`${localePath(locale, '/account')}?notice=passwordReset`, { headers: { 'Set-Cookie': cookie } })
}

export default function ResetPassword() {
  const { token, problem } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const [form, fields] = useForm<z.input<typeof resetSchema>>({ id: 'reset', lastResult: actionData?.result ?? undefined })
  const shown = actionData?.problem ?? problem
  return (
    <section aria-labelledby="reset-title" className="max-w-xl">
      <PageTitle id="reset-title">{t('reset.title')}</PageTitle>
      {shown || !token ? (
        <p role="alert" className="mt-4 text-lg">
          {shown}
        </p>
      ) : (
        <>
          <p className="mt-2 text-lg text-muted">{t('reset.lead')}</p>
          <Form method="post" id={form.id} noValidate className="mt-2 max-w-md">
            <input type="hidden" name="token" value={token} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField field={fields.password} label={t('fields.newPassword')} type="password" autoComplete="new-password" hint={t('fields.passwordHint')} keepValue={false} />
            <button type="submit" className="btn btn-primary mt-6">
              {t('reset.submit')}
            </button>
          </Form>
        </>
      )}
    </section>
  )
}
