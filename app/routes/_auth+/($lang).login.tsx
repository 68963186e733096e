import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { getDb } from '#db/client.server'
import { demoAccounts } from '#db/seed'
import { requestSignInLink, signInWithPassword } from '~/accounts/accounts.server'
import { accountLimitMessage, clientIp, rateLimitMessage, retryAfterHeaders, routeLocale, tooMany, translateReply } from '~/accounts/http.server'
import { publicOrigin } from '~/accounts/links.server'
import { isAccountWide, reserve, signedIn, signInChecks, take } from '~/accounts/rate-limit.server'
import { emailOnlySchema, loginSchema } from '~/accounts/schemas'
import { getViewer, safeRedirectPath, startSession } from '~/accounts/session.server'
import { FormErrors, Honeypot, Notice, PageTitle, TextField } from '~/accounts/ui'
import { getEnv } from '~/env.server'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { LocaleLink } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'

const NOTICES = ['signedOut', 'deleted'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const url = new URL(request.url)
  const redirectTo = url.searchParams.get('redirectTo') ?? ''
  if (await getViewer(request)) throw redirect(safeRedirectPath(redirectTo, localePath(locale, '/account')))
  const notice = NOTICES.find((n) => n === url.searchParams.get('notice')) ?? null
  return {
    title: getT(locale, 'accounts')('login.title'),
    redirectTo: safeRedirectPath(redirectTo, ''),
    notice,
    // Demo mode only: a real deployment has no demo accounts and shows nothing here.
    demo: getEnv().DEMO_MODE ? demoAccounts(getDb()) : [],
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export const headers = retryAfterHeaders

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const t = getT(locale, 'accounts')
  const formData = await readFormData(request)
  const ip = clientIp(context)

  if (formData.get('intent') === 'link') {
    const submission = parseWithZod(formData, { schema: emailOnlySchema })
    if (submission.status !== 'success') return data({ form: 'link' as const, result: translateReply(submission.reply(), locale), sent: null }, { status: 400 })
    const { email, website } = submission.value
    const wait = await take([
      ['mailAddress', ip],
      ['mailAccount', email],
    ])
    if (wait) return tooMany({ form: 'link' as const, result: submission.reply({ formErrors: [rateLimitMessage(locale, wait)] }), sent: null }, wait)
    if (!website) requestSignInLink(email, publicOrigin(request))
    return { form: 'link' as const, result: submission.reply({ resetForm: true }), sent: email }
  }

  const submission = parseWithZod(formData, { schema: loginSchema })
  if (submission.status !== 'success')
    return data({ form: 'password' as const, result: translateReply(submission.reply({ hideFields: ['password'] }), locale), sent: null }, { status: 400 })
  const { email, password, website, redirectTo } = submission.value
  // A point is taken before the password is checked, so concurrent guesses cannot outrun the count.
  const limits = signInChecks(ip, email)
  const refused = await reserve(limits)
  if (refused) {
    const message = isAccountWide(refused.limit) ? accountLimitMessage(locale, refused.wait) : rateLimitMessage(locale, refused.wait)
    return tooMany({ form: 'password' as const, result: submission.reply({ formErrors: [message], hideFields: ['password'] }), sent: null }, refused.wait)
  }
  const outcome = website ? ({ ok: false, reason: 'wrong' } as const) : await signInWithPassword(email, password, publicOrigin(request))
  if (!outcome.ok) {
    const message = t(outcome.reason === 'unconfirmed' ? 'errors.unconfirmed' : 'errors.wrongCredentials')
    return data({ form: 'password' as const, result: submission.reply({ formErrors: [message], hideFields: ['password'] }), sent: null }, { status: 400 })
  }
  await signedIn(limits)
  const cookie = await startSession(request, outcome.userId)
  throw redirect(safeRedirectPath(redirectTo, localePath(locale, '/account')), { headers: { 'Set-Cookie': cookie } })
}

export default function Login() {
  const { redirectTo, notice, demo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const [form, fields] = useForm<z.input<typeof loginSchema>>({ id: 'login', lastResult: actionData?.form === 'password' ? actionData.result : undefined })
  const [linkForm, linkFields] = useForm<z.input<typeof emailOnlySchema>>({ id: 'login-link', lastResult: actionData?.form === 'link' ? actionData.result : undefined })
  return (
    <div className="grid gap-10 md:grid-cols-2">
      <section aria-labelledby="login-title">
        <PageTitle id="login-title">{t('login.title')}</PageTitle>
        {notice ? <Notice>{t(notice === 'deleted' ? 'privacy.deleted' : 'login.signedOut')}</Notice> : null}
        <Form method="post" id={form.id} noValidate className="relative mt-2 max-w-md">
          <Honeypot />
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="email" />
          <TextField field={fields.password} label={t('fields.password')} type="password" autoComplete="current-password" keepValue={false} />
          <button type="submit" className="btn btn-primary mt-6 w-full sm:w-auto">
            {t('login.submit')}
          </button>
        </Form>
        <p className="mt-4">
          <LocaleLink to="/forgot-password" className="link">
            {t('login.forgot')}
          </LocaleLink>
        </p>
        <p className="mt-2">
          {t('login.noAccount')}{' '}
          <LocaleLink to={redirectTo ? `/register?redirectTo=${encodeURIComponent(redirectTo)}` : '/register'} className="link">
            {t('login.register')}
          </LocaleLink>
        </p>
      </section>
      <div>
        <section aria-labelledby="link-title" className="rounded-lg border border-ink/10 bg-white p-5">
          <h2 id="link-title" className="font-serif text-xl">
            {t('login.orLink')}
          </h2>
          <p className="mt-1 text-muted">{t('login.linkLead')}</p>
          {actionData?.form === 'link' && actionData.sent ? <Notice>{t('login.linkSent', { email: actionData.sent })}</Notice> : null}
          <Form method="post" id={linkForm.id} noValidate className="relative">
            <Honeypot />
            <input type="hidden" name="intent" value="link" />
            <FormErrors id={linkForm.errorId} errors={linkForm.errors} />
            <TextField field={linkFields.email} label={t('fields.email')} type="email" autoComplete="email" />
            <button type="submit" className="btn btn-secondary mt-4">
              {t('login.linkSubmit')}
            </button>
          </Form>
        </section>
        {demo.length ? (
          <section aria-labelledby="demo-title" className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950">
            <h2 id="demo-title" className="font-serif text-xl">
              {t('login.demoTitle')}
            </h2>
            <p className="mt-1 text-sm">{t('login.demoLead')}</p>
            <dl className="mt-3 space-y-3 text-sm">
              {demo.map((a) => (
                <div key={a.email} data-demo-account={a.role}>
                  <dt className="font-semibold">{t(`login.demoRole.${a.role}`)}</dt>
                  <dd className="break-all">
                    <span className="font-mono">{a.email}</span> · <span className="font-mono">{a.password}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ) : null}
      </div>
    </div>
  )
}

