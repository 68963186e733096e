import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { getDb } from '#db/client.server'
import { changePassword, getUser, requestEmailChange, updatePreferences } from '~/accounts/accounts.server'
import { clientIp, rateLimitMessage, retryAfterHeaders, routeLocale, tooMany, translateReply } from '~/accounts/http.server'
import { publicOrigin } from '~/accounts/links.server'
import { blockedFor, count, take } from '~/accounts/rate-limit.server'
import { emailChangeSchema, passwordChangeSchema, profileSchema } from '~/accounts/schemas'
import { requireViewer } from '~/accounts/session.server'
import { FieldErrors, FormErrors, Notice, TextField } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { badRequest } from '~/utils/http.server'
import { readFormData } from '~/utils/form.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  const user = getUser(getDb(), viewer.id)!
  return {
    title: getT(locale, 'accounts')('settings.title'),
    name: user.name,
    email: viewer.email,
    locale: user.locale,
    newsletter: user.newsletterOptIn,
    hasPassword: user.passwordHash !== null,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export const headers = retryAfterHeaders

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requireViewer(request)
  const t = getT(locale, 'accounts')
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const ip = clientIp(context)

  if (intent === 'profile') {
    const s = parseWithZod(formData, { schema: profileSchema })
    if (s.status !== 'success') return data({ form: 'profile' as const, result: translateReply(s.reply(), locale), done: null }, { status: 400 })
    updatePreferences(viewer.id, { name: s.value.name, locale: s.value.locale, newsletter: s.value.newsletter })
    return { form: 'profile' as const, result: s.reply(), done: t('settings.profileSaved') }
  }
  if (intent === 'email') {
    const s = parseWithZod(formData, { schema: emailChangeSchema })
    if (s.status !== 'success') return data({ form: 'email' as const, result: translateReply(s.reply({ hideFields: ['currentPassword'] }), locale), done: null }, { status: 400 })
    const wait = await take([
      ['mailAddress', ip],
      ['mailAccount', viewer.email],
    ])
    if (wait) return tooMany({ form: 'email' as const, result: s.reply({ formErrors: [rateLimitMessage(locale, wait)], hideFields: ['currentPassword'] }), done: null }, wait)
    const outcome = await requestEmailChange(viewer.id, s.value.newEmail, s.value.currentPassword ?? '', publicOrigin(request))
    if (!outcome.ok) {
      const field = outcome.reason === 'sameEmail' ? 'newEmail' : 'currentPassword'
      return data({ form: 'email' as const, result: s.reply({ fieldErrors: { [field]: [t(`errors.${outcome.reason}`)] }, hideFields: ['currentPassword'] }), done: null }, { status: 400 })
    }
    return { form: 'email' as const, result: s.reply({ resetForm: true }), done: t('settings.emailSent', { email: s.value.newEmail }) }
  }
  if (intent === 'password') {
    const s = parseWithZod(formData, { schema: passwordChangeSchema })
    if (s.status !== 'success') return data({ form: 'password' as const, result: translateReply(s.reply({ hideFields: ['currentPassword', 'newPassword'] }), locale), done: null }, { status: 400 })
    const limits: [Parameters<typeof count>[0][number][0], string][] = [
      ['signInAddress', ip],
      ['signInAccount', viewer.email],
    ]
    const wait = await blockedFor(limits)
    if (wait) return tooMany({ form: 'password' as const, result: s.reply({ formErrors: [rateLimitMessage(locale, wait)], hideFields: ['currentPassword', 'newPassword'] }), done: null }, wait)
    const outcome = await changePassword(viewer.id, s.value.currentPassword ?? '', s.value.newPassword, viewer.sessionId, publicOrigin(request))
    if (!outcome.ok) {
      await count(limits)
      return data({ form: 'password' as const, result: s.reply({ fieldErrors: { currentPassword: [t('errors.wrongPassword')] }, hideFields: ['currentPassword', 'newPassword'] }), done: null }, { status: 400 })
    }
    return { form: 'password' as const, result: s.reply({ resetForm: true }), done: t('settings.passwordSaved') }
  }
  throw badRequest()
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-ink/10 bg-white p-5">
      <h2 id={id} className="font-serif text-xl">
        {title}
      </h2>
      {children}
    </section>
  )
}

export default function Settings() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  const [pForm, p] = useForm<z.input<typeof profileSchema>>({ id: 'profile', lastResult: a?.form === 'profile' ? a.result : undefined })
  const [eForm, e] = useForm<z.input<typeof emailChangeSchema>>({ id: 'email', lastResult: a?.form === 'email' ? a.result : undefined })
  const [wForm, w] = useForm<z.input<typeof passwordChangeSchema>>({ id: 'password', lastResult: a?.form === 'password' ? a.result : undefined })
  const nameValue = typeof p.name.initialValue === 'string' ? p.name.initialValue : d.name
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <h1 className="sr-only">{t('settings.title')}</h1>
      <Section id="profile-title" title={t('settings.profileTitle')}>
        {a?.form === 'profile' && a.done ? <Notice>{a.done}</Notice> : null}
        <Form method="post" id={pForm.id} noValidate>
          <input type="hidden" name="intent" value="profile" />
          <FormErrors id={pForm.errorId} errors={pForm.errors} />
          <div className="mt-4">
            <label htmlFor={p.name.id} className="field-label">
              {t('fields.name')}
            </label>
            <input
              id={p.name.id}
              name={p.name.name}
              defaultValue={nameValue}
              key={`name-${nameValue}`}
              autoComplete="name"
              aria-invalid={p.name.errors?.length ? true : undefined}
              aria-describedby={p.name.errors?.length ? p.name.errorId : undefined}
              className="field-input"
            />
            <FieldErrors id={p.name.errorId} errors={p.name.errors} />
          </div>
          <div className="mt-4">
            <label htmlFor={p.locale.id} className="field-label">
              {t('fields.language')}
            </label>
            <select id={p.locale.id} name={p.locale.name} defaultValue={d.locale} key={`locale-${d.locale}`} className="field-input">
              <option value="en">{t('languages.en')}</option>
              <option value="ru">{t('languages.ru')}</option>
            </select>
            <FieldErrors id={p.locale.errorId} errors={p.locale.errors} />
          </div>
          <div className="mt-4 flex items-start gap-3">
            <input id={p.newsletter.id} name={p.newsletter.name} type="checkbox" defaultChecked={d.newsletter} key={`nl-${d.newsletter}`} className="mt-1 h-5 w-5" />
            <label htmlFor={p.newsletter.id}>{t('fields.newsletter')}</label>
          </div>
          <button type="submit" className="btn btn-primary mt-4">
            {t('actions.save', { ns: 'common' })}
          </button>
        </Form>
      </Section>
      <Section id="email-title" title={t('settings.emailTitle')}>
        <p className="mt-1 break-words text-muted">{t('settings.emailLead', { email: d.email })}</p>
        {a?.form === 'email' && a.done ? <Notice>{a.done}</Notice> : null}
        <Form method="post" id={eForm.id} noValidate>
          <input type="hidden" name="intent" value="email" />
          <FormErrors id={eForm.errorId} errors={eForm.errors} />
          <TextField field={e.newEmail} label={t('fields.newEmail')} type="email" autoComplete="email" />
          {d.hasPassword ? (
            <TextField field={e.currentPassword} label={t('fields.currentPassword')} type="password" autoComplete="current-password" keepValue={false} />
          ) : null}
          <button type="submit" className="btn btn-secondary mt-4">
            {t('settings.emailSubmit')}
          </button>
        </Form>
      </Section>
      <Section id="password-title" title={t('settings.passwordTitle')}>
        <p className="mt-1 text-muted">{d.hasPassword ? t('settings.passwordLead') : t('settings.noPasswordLead')}</p>
        {a?.form === 'password' && a.done ? <Notice>{a.done}</Notice> : null}
        <Form method="post" id={wForm.id} noValidate>
          <input type="hidden" name="intent" value="password" />
          <FormErrors id={wForm.errorId} errors={wForm.errors} />
          {d.hasPassword ? (
            <TextField field={w.currentPassword} label={t('fields.currentPassword')} type="password" autoComplete="current-password" keepValue={false} />
          ) : null}
          <TextField field={w.newPassword} label={t('fields.newPassword')} type="password" autoComplete="new-password" hint={t('fields.passwordHint')} keepValue={false} />
          <button type="submit" className="btn btn-secondary mt-4">
            {t('settings.passwordSubmit')}
          </button>
        </Form>
      </Section>
    </div>
  )
}
