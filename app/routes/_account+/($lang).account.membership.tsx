// Where a member stands: active (renews), cancelling (ends, resume), payment problem (grace, fix the
// card), lapsed (rejoin). Changes go through Stripe's Customer Portal and come back as webhooks.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect, redirectDocument } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { publicOrigin } from '~/accounts/links.server'
import { requireViewer } from '~/accounts/session.server'
import { formatDate, formatMoney } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { refreshFromStripe } from '~/membership/join.server'
import { currentMembership } from '~/membership/memberships.server'
import { portalUrl } from '~/membership/portal.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requireViewer(request)
  const db = getDb()
  const joined = new URL(request.url).searchParams.get('joined') === '1'
  let current = currentMembership(db, viewer.id)
  // Back from Checkout before the webhook: read the subscription from Stripe rather than wait.
  if (joined && (!current || current.state === 'pending' || current.state === 'lapsed')) {
    await refreshFromStripe(db, viewer.id, publicOrigin(request)).catch(() => 0)
    current = currentMembership(db, viewer.id)
  }
  return {
    pageTitle: getT(locale, 'membership')('account.title'),
    joined,
    membership: current
      ? {
          state: current.state,
          source: current.m.source,
          plan: locale === 'ru' ? current.p.nameRu : current.p.nameEn,
          amountPence: current.m.amountPence,
          currency: current.p.currency,
          interval: current.m.interval,
          concessionKind: current.m.concessionKind,
          currentPeriodEnd: current.m.currentPeriodEnd,
          validUntil: current.validUntil,
        }
      : null,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

const intentSchema = z.object({ intent: z.enum(['manage', 'fix_card', 'cancel']) })

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requireViewer(request)
  const parsed = intentSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ error: 'bad_input' as const }, { status: 400 })
  const returnUrl = publicOrigin(request) + localePath(locale, '/account/membership')
  try {
    const result = await portalUrl(getDb(), viewer.id, parsed.data.intent, { returnUrl, locale })
    if (!result.ok) return data({ error: result.error }, { status: 400 })
    // A whole-page redirect: Stripe's portal (or the sandbox's) is not a Remix route.
    return redirectDocument(result.url, 303)
  } catch (error) {
    console.error('portal session failed', error)
    return data({ error: 'unavailable' as const }, { status: 503 })
  }
}

export default function AccountMembership() {
  const { membership: m, joined } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation('membership')
  const locale = useLocale()
  const revalidator = useRevalidator()
  const waiting = joined && (!m || m.state === 'pending')
  useEffect(() => {
    if (!waiting) return
    const timer = setTimeout(() => revalidator.revalidate(), 2000)
    return () => clearTimeout(timer)
  }, [waiting, revalidator])
  const date = (ms: number | null) => (ms ? formatDate(ms, locale) : '')
  const portalButton = (intent: 'manage' | 'fix_card' | 'cancel', label: string, primary = false) => (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? 'btn btn-primary' : 'btn btn-secondary'}>
        {label}
      </button>
    </Form>
  )
  return (
    <section aria-labelledby="membership-title">
      <h1 id="membership-title" className="font-serif text-2xl">
        {t('account.title')}
      </h1>
      {result?.error ? (
        <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
          {t(`errors.${result.error}`)}
        </p>
      ) : null}
      {waiting ? (
        <p role="status" className="mt-4 rounded border border-ink/10 bg-amber-50 p-4">
          {t('account.confirming')}
        </p>
      ) : null}
      {!m ? (
        waiting ? null : (
          <p className="mt-4">
            {t('account.none')}{' '}
            <LocaleLink to="/membership" className="link">
              {t('account.seePlans')}
            </LocaleLink>
          </p>
        )
      ) : (
        <div className="mt-4 rounded-lg border border-ink/10 bg-white p-4">
          <p className="text-sm font-semibold uppercase tracking-wide" data-testid="membership-state">
            {t(`account.state.${m.state}`)}
          </p>
          {m.state === 'payment_problem' ? (
            <div role="alert" className="mt-3 rounded border border-accent/40 bg-accent/5 p-3">
              <p className="font-semibold text-accent">{t('account.graceBanner', { date: date(m.validUntil) })}</p>
              <div className="mt-2">{portalButton('fix_card', t('account.fixCard'), true)}</div>
            </div>
          ) : null}
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-muted">{t('account.plan')}</dt>
            <dd>
              {m.plan}
              {m.concessionKind ? ` · ${t('account.concession', { kind: t(`kind.${m.concessionKind}`) })}` : ''}
            </dd>
            {m.amountPence !== null && m.interval ? (
              <>
                <dt className="text-muted">{t('account.price')}</dt>
                <dd>{t(m.interval === 'month' ? 'perMonth' : 'perYear', { price: formatMoney(m.amountPence, m.currency, locale) })}</dd>
              </>
            ) : null}
          </dl>
          <p className="mt-3 font-semibold">
            {m.state === 'active'
              ? t('account.renewsOn', { date: date(m.currentPeriodEnd) })
              : m.state === 'cancelling'
                ? t('account.endsOn', { date: date(m.currentPeriodEnd) })
                : m.state === 'honorary' || m.state === 'payment_problem'
                  ? t('account.validUntil', { date: date(m.validUntil) })
                  : m.state === 'lapsed'
                    ? t('account.endedOn')
                    : ''}
          </p>
          <div className="mt-4 flex flex-wrap gap-3">
            {m.state === 'active' || m.state === 'cancelling' || m.state === 'payment_problem' || m.state === 'honorary' ? (
              <LocaleLink to="/account/card" className="btn btn-primary">
                {t('account.card')}
              </LocaleLink>
            ) : null}
            {m.source === 'stripe' && m.state === 'cancelling' ? portalButton('manage', t('account.resume'), true) : null}
            {m.source === 'stripe' && (m.state === 'active' || m.state === 'payment_problem') ? portalButton('manage', t('account.manage')) : null}
            {m.source === 'stripe' && m.state === 'active' ? portalButton('cancel', t('account.cancel')) : null}
            {m.state === 'lapsed' ? (
              <LocaleLink to="/membership" className="btn btn-primary">
                {t('account.rejoin')}
              </LocaleLink>
            ) : null}
          </div>
        </div>
      )}
    </section>
  )
}
