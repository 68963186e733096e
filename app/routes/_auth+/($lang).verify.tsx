// Links from our messages open this page; only the button (a POST) uses them, so a mail scanner
// that opens every link cannot spend one. The six-digit code from the confirmation message is typed here too.
import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { getDb } from '#db/client.server'
import { applyEmailLink, confirmEmailByCode, resendConfirmation } from '~/accounts/accounts.server'
import { clientIp, rateLimitMessage, retryAfterHeaders, routeLocale, tooMany, translateReply } from '~/accounts/http.server'
import { take } from '~/accounts/rate-limit.server'
import { publicOrigin } from '~/accounts/links.server'
import { codeSchema, emailOnlySchema } from '~/accounts/schemas'
import { startSession } from '~/accounts/session.server'
import { checkToken } from '~/accounts/tokens.server'
import { FormErrors, Honeypot, Notice, PageTitle, TextField } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { readFormData } from '~/utils/form.server'

type LinkPurpose = 'confirm_email' | 'sign_in_link' | 'change_email'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const t = getT(locale, 'accounts')
  const url = new URL(request.url)
  const token = url.searchParams.get('token')
  if (token !== null) {
    const check = checkToken(getDb(), token)
    if (check.ok && check.verification.purpose === 'reset_password') {
      throw redirect(`${localePath(locale, '/reset-password')}?token=${encodeURIComponent(token)}`)
    }
    if (!check.ok) return data({ title: t('verify.title'), link: null, problem: t(`link.${check.reason}`), sentTo: null }, { status: 400 })
    const purpose = check.verification.purpose as LinkPurpose
    return { title: t(`verify.${purpose}.title`), link: { token, purpose, email: check.verification.email }, problem: null, sentTo: null }
  }
  const sentTo = url.searchParams.get('sent') ? (url.searchParams.get('email') ?? '').slice(0, 254) : null
  return { title: t('verify.codeTitle'), link: null, problem: null, sentTo }
}

// The token is in this page's URL: it must never reach another site in a Referer header. Not "no-referrer":
// that makes browsers send `Origin: null` with our own form posts, which server.ts refuses as cross-site.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'same-origin' }]

const NOTICE: Record<LinkPurpose, string> = { confirm_email: 'confirmed', sign_in_link: 'signedIn', change_email: 'emailChanged' }

export const headers = retryAfterHeaders

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const t = getT(locale, 'accounts')
  const formData = await readFormData(request)

  // "Send me a new code": the code form's second button. Limited like every message we send on request.
  if (formData.get('intent') === 'code' && formData.get('resend') !== null) {
    // The old code is dead once a new one is sent: the field starts empty again.
    formData.delete('code')
    const submission = parseWithZod(formData, { schema: emailOnlySchema })
    if (submission.status !== 'success') return data({ result: translateReply(submission.reply(), locale), problem: null, resent: null }, { status: 400 })
    const { email, website } = submission.value
    const wait = await take([
      ['mailAddress', clientIp(context)],
      ['mailAccount', email],
    ])
    if (wait) return tooMany({ result: submission.reply({ formErrors: [rateLimitMessage(locale, wait)] }), problem: null, resent: null }, wait)
    if (!website) resendConfirmation(email, publicOrigin(request))
    return { result: submission.reply(), problem: null, resent: email }
  }

  if (formData.get('intent') === 'code') {
    const submission = parseWithZod(formData, { schema: codeSchema })
    if (submission.status !== 'success') return data({ result: translateReply(submission.reply(), locale), problem: null, resent: null }, { status: 400 })
    const { email, code, website } = submission.value
    const wait = await take([
      ['codeAddress', clientIp(context)],
      ['codeAccount', email],
    ])
    if (wait) return tooMany({ result: submission.reply({ formErrors: [rateLimitMessage(locale, wait)] }), problem: null, resent: null }, wait)
    const outcome = website ? ({ ok: false, reason: 'wrong' } as const) : confirmEmailByCode(email, code)
    if (!outcome.ok) {
      const key = { wrong: 'errors.codeWrong', expired: 'errors.codeExpired', tooManyAttempts: 'errors.codeTooManyAttempts' }[outcome.reason]
      return data({ result: submission.reply({ fieldErrors: { code: [t(key)] } }), problem: null, resent: null }, { status: 400 })
    }
    const cookie = await startSession(request, outcome.userId)
    throw redirect(`${localePath(locale, '/account')}?notice=confirmed`, { headers: { 'Set-Cookie': cookie } })
  }

  const outcome = applyEmailLink(formData.get('token'))
  if (!outcome.ok) return data({ result: null, problem: t(`link.${outcome.reason}`), resent: null }, { status: 400 })
  const cookie = await startSession(request, outcome.userId)
  throw redirect(`${localePath(locale, '/account')}?notice=${NOTICE[outcome.purpose]}`, { headers: { 'Set-Cookie': cookie } })
}

export default function Verify() {
  const { link, problem, sentTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const [form, fields] = useForm<z.input<typeof codeSchema>>({ id: 'code', lastResult: actionData?.result ?? undefined })
  const shownProblem = actionData?.problem ?? problem
  if (shownProblem) {
    return (
      <section aria-labelledby="verify-title" className="max-w-xl">
        <PageTitle id="verify-title">{t('verify.title')}</PageTitle>
        <p role="alert" className="mt-4 text-lg">
          {shownProblem}
        </p>
      </section>
    )
  }
  if (link) {
    return (
      <section aria-labelledby="verify-title" className="max-w-xl">
        <PageTitle id="verify-title">{t(`verify.${link.purpose}.title`)}</PageTitle>
        <p className="mt-4 text-lg break-words">{t(`verify.${link.purpose}.lead`, { email: link.email })}</p>
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="token" value={link.token} />
          <button type="submit" className="btn btn-primary">
            {t(`verify.${link.purpose}.button`)}
          </button>
        </Form>
        <p className="mt-4 text-sm text-muted">{t('verify.whyButton')}</p>
      </section>
    )
  }
  const email = typeof fields.email.initialValue === 'string' ? fields.email.initialValue : (sentTo ?? '')
  return (
    <section aria-labelledby="verify-title" className="max-w-xl">
      {sentTo !== null ? (
        <>
          <PageTitle id="verify-title">{t('register.checkTitle')}</PageTitle>
          <p className="mt-4 text-lg break-words">{t('register.checkBody', { email: sentTo })}</p>
        </>
      ) : (
        <>
          <PageTitle id="verify-title">{t('verify.codeTitle')}</PageTitle>
          <p className="mt-4 text-lg">{t('verify.codeLead')}</p>
        </>
      )}
      {actionData?.resent ? <Notice>{t('verify.resent', { email: actionData.resent })}</Notice> : null}
      <Form method="post" id={form.id} noValidate className="relative mt-2 max-w-sm">
        <Honeypot />
        <input type="hidden" name="intent" value="code" />
        <FormErrors id={form.errorId} errors={form.errors} />
        {sentTo ? (
          <input type="hidden" name="email" value={email} />
        ) : (
          <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="email" />
        )}
        <TextField field={fields.code} label={t('fields.code')} autoComplete="one-time-code" inputMode="numeric" />
        <button type="submit" className="btn btn-primary mt-4">
          {t('register.codeSubmit')}
        </button>
        <p className="mt-8 text-muted" id="resend-lead">
          {t('verify.resendLead')}
        </p>
        <button type="submit" name="resend" value="1" className="btn btn-secondary mt-2" aria-describedby="resend-lead">
          {t('verify.resendButton')}
        </button>
      </Form>
    </section>
  )
}
