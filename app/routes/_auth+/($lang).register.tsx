import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { register } from '~/accounts/accounts.server'
import { clientIp, rateLimitMessage, retryAfterHeaders, routeLocale, tooMany, translateReply } from '~/accounts/http.server'
import { publicOrigin } from '~/accounts/links.server'
import { take } from '~/accounts/rate-limit.server'
import { registerSchema } from '~/accounts/schemas'
import { getViewer, safeRedirectPath } from '~/accounts/session.server'
import { FieldErrors, FormErrors, Honeypot, PageTitle, TextField } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  if (await getViewer(request)) throw redirect(localePath(locale, '/account'))
  return {
    title: getT(locale, 'accounts')('register.title'),
    redirectTo: safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'), ''),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export const headers = retryAfterHeaders

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: registerSchema })
  if (submission.status !== 'success') return data({ result: translateReply(submission.reply({ hideFields: ['password'] }), locale), sentTo: null }, { status: 400 })
  const v = submission.value
  const wait = await take([
    ['registerAddress', clientIp(context)],
    ['registerAccount', v.email],
  ])
  if (wait) return tooMany({ result: submission.reply({ formErrors: [rateLimitMessage(locale, wait)], hideFields: ['password'] }), sentTo: null }, wait)
  // A filled honeypot gets the very same answer, and nothing happens.
  if (!v.website) await register({ name: v.name, email: v.email, password: v.password, locale: v.locale, newsletter: v.newsletter }, publicOrigin(request))
  const to = `${localePath(locale, '/verify')}?sent=1&email=${encodeURIComponent(v.email)}`
  throw redirect(to)
}

export default function Register() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const locale = useLocale()
  const [form, fields] = useForm<z.input<typeof registerSchema>>({ id: 'register', lastResult: actionData?.result })
  const chosenLocale = typeof fields.locale.initialValue === 'string' ? fields.locale.initialValue : locale
  return (
    <section aria-labelledby="register-title" className="max-w-xl">
      <PageTitle id="register-title">{t('register.title')}</PageTitle>
      <p className="mt-2 text-lg text-muted">{t('register.lead')}</p>
      <Form method="post" id={form.id} noValidate className="relative mt-2">
        <Honeypot />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField field={fields.name} label={t('fields.name')} autoComplete="name" />
        <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="email" />
        <TextField field={fields.password} label={t('fields.password')} type="password" autoComplete="new-password" hint={t('fields.passwordHint')} keepValue={false} />
        <div className="mt-4">
          <label htmlFor={fields.locale.id} className="field-label">
            {t('fields.language')}
          </label>
          <select
            id={fields.locale.id}
            name={fields.locale.name}
            defaultValue={chosenLocale}
            aria-invalid={fields.locale.errors?.length ? true : undefined}
            aria-describedby={fields.locale.errors?.length ? fields.locale.errorId : undefined}
            className="field-input"
          >
            <option value="en">{t('languages.en')}</option>
            <option value="ru">{t('languages.ru')}</option>
          </select>
          <FieldErrors id={fields.locale.errorId} errors={fields.locale.errors} />
        </div>
        <div className="mt-4 flex items-start gap-3">
          <input
            id={fields.newsletter.id}
            name={fields.newsletter.name}
            type="checkbox"
            defaultChecked={fields.newsletter.initialValue === 'on'}
            className="mt-1 h-5 w-5"
          />
          <label htmlFor={fields.newsletter.id}>{t('fields.newsletter')}</label>
        </div>
        <div className="mt-4">
          <div className="flex items-start gap-3">
            <input
              id={fields.privacy.id}
              name={fields.privacy.name}
              type="checkbox"
              defaultChecked={fields.privacy.initialValue === 'on'}
              aria-invalid={fields.privacy.errors?.length ? true : undefined}
              aria-describedby={fields.privacy.errors?.length ? fields.privacy.errorId : undefined}
              className="mt-1 h-5 w-5"
            />
            <label htmlFor={fields.privacy.id}>
              <Trans t={t} i18nKey="fields.privacy" components={[<LocaleLink key="p" to="/privacy" className="link" target="_blank" />]} />
            </label>
          </div>
          <FieldErrors id={fields.privacy.errorId} errors={fields.privacy.errors} />
        </div>
        <button type="submit" className="btn btn-primary mt-6 w-full sm:w-auto">
          {t('register.submit')}
        </button>
      </Form>
      <p className="mt-6">
        {t('register.haveAccount')}{' '}
        <LocaleLink to="/login" className="link">
          {t('login.submit')}
        </LocaleLink>
      </p>
    </section>
  )
}
