import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { requestPasswordReset } from '~/accounts/accounts.server'
import { clientIp, rateLimitMessage, retryAfterHeaders, routeLocale, tooMany, translateReply } from '~/accounts/http.server'
import { publicOrigin } from '~/accounts/links.server'
import { take } from '~/accounts/rate-limit.server'
import { emailOnlySchema } from '~/accounts/schemas'
import { FormErrors, Honeypot, Notice, PageTitle, TextField } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { readFormData } from '~/utils/form.server'

export function loader({ params }: LoaderFunctionArgs) {
  return { title: getT(routeLocale(params), 'accounts')('forgot.title') }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export const headers = retryAfterHeaders

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const submission = parseWithZod(await readFormData(request), { schema: emailOnlySchema })
  if (submission.status !== 'success') return data({ result: translateReply(submission.reply(), locale), sent: null }, { status: 400 })
  const { email, website } = submission.value
  const wait = await take([
    ['mailAddress', clientIp(context)],
    ['mailAccount', email],
  ])
  if (wait) return tooMany({ result: submission.reply({ formErrors: [rateLimitMessage(locale, wait)] }), sent: null }, wait)
  // The same answer whether or not the address has an account (and for a bot: nothing happens).
  if (!website) requestPasswordReset(email, publicOrigin(request))
  return { result: submission.reply({ resetForm: true }), sent: email }
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const [form, fields] = useForm<z.input<typeof emailOnlySchema>>({ id: 'forgot', lastResult: actionData?.result })
  return (
    <section aria-labelledby="forgot-title" className="max-w-xl">
      <PageTitle id="forgot-title">{t('forgot.title')}</PageTitle>
      <p className="mt-2 text-lg text-muted">{t('forgot.lead')}</p>
      {actionData?.sent ? <Notice>{t('forgot.sent', { email: actionData.sent })}</Notice> : null}
      <Form method="post" id={form.id} noValidate className="relative mt-2 max-w-md">
        <Honeypot />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="email" />
        <button type="submit" className="btn btn-primary mt-6">
          {t('forgot.submit')}
        </button>
      </Form>
    </section>
  )
}
