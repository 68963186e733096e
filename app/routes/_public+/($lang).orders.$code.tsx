// One order, at its private link: the hold (buyer's details, pay or confirm), the "confirming your
// payment" return page that refreshes itself, then the tickets with their QR codes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { getViewer, viewerCan } from '~/accounts/session.server'
import { getEnv } from '~/env.server'
import { formatDateTimeWithZone, formatMoney, formatTime, formatZone } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath, type Locale } from '~/i18n/locale'
import { needsApproval, requestApproval } from '~/ticketing/approval.server'
import { setBuyer } from '~/ticketing/booking.server'
import { startCheckout } from '~/ticketing/checkout.server'
import { checkEmailCode, sendEmailCode } from '~/ticketing/email-code.server'
import { confirmFreeOrder, confirmFromReturn } from '~/ticketing/fulfil.server'
import { orderByCode, orderPage, verifiedEmailOf } from '~/ticketing/pages.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'

/**
 * The code in the URL is the guest's key to the order. An order made while signed in belongs to
 * that account: another signed-in person gets a 404, as for an unknown code.
 */
async function loadOrder(request: Request, params: { lang?: string; code?: string }) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const db = getDb()
  const order = orderByCode(db, params.code ?? '')
  const t = getT(locale, 'ticketing')
  if (!order) throw notFound(t('order.notFound'))
  const viewer = await getViewer(request)
  if (order.userId !== null && viewer && viewer.id !== order.userId && !viewerCan(viewer, 'orders.view')) throw notFound(t('order.notFound'))
  return { locale, db, order, viewer }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, db, order, viewer } = await loadOrder(request, params)
  const url = new URL(request.url)
  const sessionId = url.searchParams.get('session_id')
  // Back from Checkout: ask Stripe (never the URL) whether it is paid, and fulfil if so. The
  // webhook does the same; whichever comes first wins, the other changes nothing.
  if (sessionId && sessionId === order.stripeCheckoutSessionId && ['pending', 'expired', 'cancelled'].includes(order.status)) {
    try {
      await confirmFromReturn(db, order.id, sessionId)
    } catch {
      // Stripe unreachable for a moment: the page keeps saying "confirming" and asks again.
    }
  }
  const page = await orderPage(db, order.id, locale)
  const returning = sessionId !== null && sessionId === order.stripeCheckoutSessionId
  const t = getT(locale, 'ticketing')
  return {
    ...page,
    pageTitle: `${t('order.title')} — ${page.event.title}`,
    returning,
    sessionId: returning ? sessionId : null,
    cancelledCheckout: url.searchParams.get('cancelled') === '1',
    prefill: { name: page.order.buyerName ?? viewer?.name ?? '', email: page.order.buyerEmail ?? viewer?.email ?? '' },
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: 'robots', content: 'noindex' },
  // A private link: never leak it to another site through the Referer header. (Not "no-referrer":
  // that makes the browser send `Origin: null` on our own form posts, which the server refuses.)
  { name: 'referrer', content: 'same-origin' },
]

const buyerSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.string().trim().max(254).pipe(z.email()),
})

type ActionError = 'holdExpired' | 'notPending' | 'buyerMissing' | 'checkoutUnavailable' | 'codeWrong' | 'codeVoid' | 'tooManyCodes' | 'awaitingApproval' | 'tooManyHolds'

function baseUrl(request: Request) {
  const env = getEnv()
  return env.DEMO_MODE ? new URL(request.url).origin : env.PUBLIC_URL
}

const codeSchema = z.string().trim().regex(/^\d{6}$/)

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, db, order, viewer } = await loadOrder(request, params)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const self = localePath(locale, `/orders/${order.code}`)
  const fail = (error: ActionError, extra?: { fields?: { name?: boolean; email?: boolean; code?: boolean }; retryAt?: number }, status = 400) =>
    data({ error, fields: extra?.fields ?? {}, retryAt: extra?.retryAt ?? null }, { status, headers: extra?.retryAt ? { 'Retry-After': String(Math.max(1, Math.ceil((extra.retryAt - Date.now()) / 1000))) } : undefined })
  if (intent !== 'pay' && intent !== 'confirm' && intent !== 'code' && intent !== 'resend-code') return fail('notPending')
  if (order.status !== 'pending') return fail('notPending')
  if (order.expiresAt <= Date.now()) return fail('holdExpired')
  const free = order.totalPence === 0

  // A free booking whose email is confirmed goes on: to staff for approval if the event needs it, or confirmed.
  const goOnFree = async () => {
    if (needsApproval(db, order.id)) {
      if (requestApproval(db, order.id) === 'not_pending') return fail('notPending')
      return redirect(self, 303)
    }
    const outcome = await confirmFreeOrder(db, order.id)
    if (outcome === 'hold_expired') return fail('holdExpired')
    return redirect(self, 303)
  }

  if (intent === 'code' || intent === 'resend-code') {
    if (!free) return fail('notPending')
    if (intent === 'resend-code') {
      const sent = sendEmailCode(db, order.id, baseUrl(request))
      if (!sent.ok) return fail(sent.error === 'too_many_codes' ? 'tooManyCodes' : sent.error === 'no_buyer' ? 'buyerMissing' : 'notPending')
      return redirect(self, 303)
    }
    const typed = codeSchema.safeParse(form.get('code') ?? '')
    if (!typed.success) return fail('codeWrong', { fields: { code: true } })
    const checked = checkEmailCode(db, order.id, typed.data)
    if (checked === 'wrong') return fail('codeWrong', { fields: { code: true } })
    if (checked === 'no_code') return fail('codeVoid', { fields: { code: true } })
    if (checked === 'not_pending') return fail('holdExpired')
    return goOnFree()
  }

  const parsed = buyerSchema.safeParse({ name: form.get('name') ?? '', email: form.get('email') ?? '' })
  if (!parsed.success) {
    const bad = new Set(parsed.error.issues.map((i) => i.path[0]))
    return fail('buyerMissing', { fields: { name: bad.has('name'), email: bad.has('email') } })
  }
  // Once a Checkout Session exists its email is fixed; the details are kept as first given.
  if (!order.stripeCheckoutSessionId && order.approval === null) {
    const named = setBuyer(db, order.id, { ...parsed.data, locale: locale as Locale, verifiedEmail: order.userId === viewer?.id ? verifiedEmailOf(db, viewer?.id) : null })
    if (!named.ok && named.error === 'too_many_holds') return fail('tooManyHolds', { retryAt: named.retryAt }, 429)
    if (!named.ok) return fail('notPending')
  }
  if (free) {
    const current = orderByCode(db, order.code)!
    if (current.emailConfirmedAt !== null) return goOnFree()
    // Not proved yet: a code goes to the address, and the RSVP waits for it (and lapses without it).
    if (current.emailCodeHash === null) {
      const sent = sendEmailCode(db, order.id, baseUrl(request))
      if (!sent.ok && sent.error === 'too_many_codes') return fail('tooManyCodes')
    }
    return redirect(self, 303)
  }
  if (needsApproval(db, order.id)) {
    const asked = requestApproval(db, order.id)
    if (asked === 'not_pending') return fail('notPending')
    if (asked === 'waiting') return redirect(self, 303)
  }
  try {
    const started = await startCheckout(db, order.id, baseUrl(request))
    if (started.ok) return redirect(started.url, 303)
    if (started.reason === 'expired') return fail('holdExpired')
    if (started.reason === 'no_buyer') return fail('buyerMissing')
    if (started.reason === 'not_pending') return fail('notPending')
    return fail('checkoutUnavailable')
  } catch {
    return fail('checkoutUnavailable')
  }
}

function Summary({ data: d }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  return (
    <section aria-labelledby="summary-title" className="rounded-lg border border-ink/10 bg-white p-4">
      <h2 id="summary-title" className="font-serif text-xl">
        {t('order.summary')}
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">{t('order.event')}</dt>
        <dd>
          <LocaleLink to={`/events/${d.event.slug}`} className="link">
            {d.event.title}
          </LocaleLink>
        </dd>
        <dt className="font-semibold">{t('order.when')}</dt>
        <dd>
          <time dateTime={new Date(d.event.startsAt).toISOString()}>{formatDateTimeWithZone(d.event.startsAt, locale)}</time>
        </dd>
        {d.place ? (
          <>
            <dt className="font-semibold">{t('order.where')}</dt>
            <dd>
              {d.place.name}
              {d.place.address ? (
                <span className="block">{d.place.address}</span>
              ) : (
                <span className="block text-muted" data-address-hidden>
                  {d.order.status === 'paid' || d.order.status === 'partially_refunded'
                    ? t('order.addressByEmail')
                    : d.order.approval === 'waiting'
                      ? t('order.addressAfterApproval')
                      : t('order.addressHidden')}
                </span>
              )}
              {d.place.directions ? <span className="block text-muted">{d.place.directions}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
      <ul className="mt-3 divide-y divide-ink/10 border-t border-ink/10 text-sm">
        {d.items.map((i, n) => (
          <li key={n} className="flex justify-between py-2">
            <span>
              {i.name} × {i.quantity}
            </span>
            <span>{i.unitPricePence === 0 ? tc('free') : formatMoney(i.unitPricePence * i.quantity, d.order.currency, locale)}</span>
          </li>
        ))}
        <li className="flex justify-between py-2 font-semibold">
          <span>{t('order.total')}</span>
          <span>{d.order.totalPence === 0 ? tc('free') : formatMoney(d.order.totalPence, d.order.currency, locale)}</span>
        </li>
      </ul>
    </section>
  )
}

export default function OrderPage() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const revalidator = useRevalidator()
  const { t } = useTranslation('ticketing')
  const locale = useLocale()
  const { order } = d
  const busy = navigation.state !== 'idle'
  const confirming = d.returning && order.status === 'pending' && order.lateOutcome === null && !order.awaitingPayment
  const lateRefundPending = order.lateOutcome === 'refunded' && order.status !== 'refunded'
  const waiting = confirming || lateRefundPending || (d.returning && order.status === 'expired' && order.lateOutcome === null)

  // The return page asks again every two seconds until the payment is confirmed (for ten minutes;
  // a bank payment that settles later arrives by email, and "check again" stays).
  useEffect(() => {
    if (!waiting) return
    let polls = 0
    const id = setInterval(() => {
      if (++polls > 300) return clearInterval(id)
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(id)
  }, [waiting, revalidator])

  const error = result && 'error' in result ? result : null
  return (
    <div className="mx-auto grid max-w-4xl gap-6 md:grid-cols-[1fr_20rem]">
      <div>
        {waiting ? (
          <section aria-live="polite" aria-labelledby="state-title">
            <h1 id="state-title" className="font-serif text-3xl">
              {lateRefundPending ? t('order.expiredHeading') : t('order.confirming')}
            </h1>
            <p className="mt-3 text-lg">{lateRefundPending ? t('order.lateRefundPending') : t('order.confirmingNote')}</p>
            <Form method="get" className="mt-4">
              <input type="hidden" name="session_id" value={d.sessionId ?? ''} />
              <button type="submit" className="btn btn-secondary">
                {t('order.checkAgain')}
              </button>
            </Form>
          </section>
        ) : order.status === 'paid' || order.status === 'partially_refunded' ? (
          <section aria-labelledby="state-title">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.paidHeading')}
            </h1>
            <p className="mt-3 text-lg">{t('order.paidLead')}</p>
            {order.lateOutcome === 'accepted' ? <p className="mt-3 rounded bg-amber-50 p-3">{t('order.lateAccepted')}</p> : null}
            {order.status === 'partially_refunded' ? <p className="mt-3">{t('order.partiallyRefunded')}</p> : null}
            <ul className="mt-6 grid gap-4 sm:grid-cols-2">
              {d.tickets.map((ticket, i) => (
                <li key={ticket.code} className="rounded-lg border border-ink/10 bg-white p-4 text-center" data-ticket-code={ticket.code}>
                  <p className="font-semibold">
                    {t('order.ticket', { n: i + 1 })} · {ticket.name}
                  </p>
                  {ticket.qr ? (
                    <img src={ticket.qr} alt={t('order.qrAlt', { n: i + 1 })} width={220} height={220} className="mx-auto mt-2 h-56 w-56" />
                  ) : (
                    <p className="mt-2 font-semibold text-accent">{t('order.ticketVoid')}</p>
                  )}
                  <p className="mt-2 font-mono text-xs break-all text-muted">{ticket.code}</p>
                </li>
              ))}
            </ul>
            <p className="mt-6">
              <a href={localePath(locale, `/orders/${order.code}/tickets.ics`)} className="btn btn-secondary" download>
                {t('order.addToCalendar')}
              </a>
            </p>
            <p className="mt-4 text-sm text-muted">{t('order.resendHint')}</p>
          </section>
        ) : order.status === 'pending' && order.heldActive && order.awaitingPayment ? (
          <section aria-labelledby="state-title" data-order-state="awaiting-transfer">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.transferHeading')}
            </h1>
            <p className="mt-3 text-lg">{t('order.transferLead')}</p>
            <p className="mt-3">{t('order.transferNext', { email: order.buyerEmail ?? '' })}</p>
            <p className="mt-3">{t('order.transferKept', { until: formatDateTimeWithZone(order.expiresAt, locale) })}</p>
          </section>
        ) : order.status === 'pending' && order.heldActive && order.approval === 'waiting' ? (
          <section aria-labelledby="state-title" data-order-state="awaiting-approval">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.approvalHeading')}
            </h1>
            <p className="mt-3 text-lg">{t('order.approvalLead', { email: order.buyerEmail ?? '' })}</p>
            <p className="mt-3">{t('order.approvalKept', { until: formatDateTimeWithZone(order.expiresAt, locale) })}</p>
            {d.event.addressHidden ? <p className="mt-3">{t('order.addressAfterApproval')}</p> : null}
          </section>
        ) : order.status === 'pending' && order.heldActive && order.totalPence === 0 && order.buyerEmail && !order.emailConfirmed && order.codeSent ? (
          <section aria-labelledby="state-title" data-order-state="email-code">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.codeHeading')}
            </h1>
            <p className="mt-3 text-lg">{t('order.codeLead', { email: order.buyerEmail })}</p>
            <p className="mt-1 text-muted">{t('order.heldUntil', { time: `${formatTime(order.expiresAt, locale)} ${formatZone(order.expiresAt)}` })}</p>
            {error ? (
              <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
                {t(`errors.${error.error}`)}
              </p>
            ) : null}
            <Form method="post" className="mt-6 max-w-md space-y-4" noValidate>
              <div>
                <label htmlFor="code" className="field-label">
                  {t('order.codeLabel')}
                </label>
                <input
                  id="code"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  className="field-input w-40 font-mono text-lg tracking-widest"
                  aria-invalid={error?.fields.code || undefined}
                />
              </div>
              <button type="submit" name="intent" value="code" className="btn btn-primary" disabled={busy}>
                {t('order.codeSubmit')}
              </button>
            </Form>
            <Form method="post" className="mt-4">
              <button type="submit" name="intent" value="resend-code" className="link" disabled={busy}>
                {t('order.codeResend')}
              </button>
            </Form>
          </section>
        ) : order.status === 'pending' && order.heldActive ? (
          <section aria-labelledby="state-title">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.heldHeading')}
            </h1>
            <p className="mt-3 text-lg" role={d.cancelledCheckout ? 'status' : undefined}>
              {d.cancelledCheckout ? t('order.cancelled', { time: `${formatTime(order.expiresAt, locale)} ${formatZone(order.expiresAt)}` }) : t('order.heldUntil', { time: `${formatTime(order.expiresAt, locale)} ${formatZone(order.expiresAt)}` })}
            </p>
            {order.approval === 'approved' ? <p className="mt-3 rounded bg-amber-50 p-3">{t('order.approvedPay', { until: formatDateTimeWithZone(order.expiresAt, locale) })}</p> : null}
            {d.event.requiresApproval && order.approval === null ? <p className="mt-3 rounded bg-amber-50 p-3">{t('order.needsApproval')}</p> : null}
            {error ? (
              <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
                {error.error === 'tooManyHolds' && error.retryAt ? t('errors.tooManyHolds', { time: `${formatTime(error.retryAt, locale)} ${formatZone(error.retryAt)}` }) : t(`errors.${error.error}`)}
              </p>
            ) : null}
            {/* A full-page post: the answer is a redirect to Stripe's hosted page, which the browser follows itself. */}
            <Form method="post" className="mt-6 max-w-md space-y-4" noValidate reloadDocument>
              <h2 className="font-serif text-xl">{t('order.yourDetails')}</h2>
              <div>
                <label htmlFor="name" className="field-label">
                  {t('order.name')}
                </label>
                <input id="name" name="name" autoComplete="name" required maxLength={120} defaultValue={d.prefill.name} className="field-input" aria-invalid={error?.fields.name || undefined} aria-describedby={error?.fields.name ? 'name-error' : undefined} />
                {error?.fields.name ? (
                  <p id="name-error" className="field-error">
                    {t('errors.name')}
                  </p>
                ) : null}
              </div>
              <div>
                <label htmlFor="email" className="field-label">
                  {t('order.email')}
                </label>
                <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={d.prefill.email} className="field-input" aria-invalid={error?.fields.email || undefined} aria-describedby={error?.fields.email ? 'email-error' : 'email-hint'} />
                {error?.fields.email ? (
                  <p id="email-error" className="field-error">
                    {t('errors.email')}
                  </p>
                ) : (
                  <p id="email-hint" className="mt-1 text-sm text-muted">
                    {t('order.emailHint')}
                  </p>
                )}
              </div>
              {order.totalPence === 0 ? (
                <button type="submit" name="intent" value="confirm" className="btn btn-primary" disabled={busy}>
                  {d.event.requiresApproval && order.approval === null ? t('order.askApproval') : t('order.confirmFree')}
                </button>
              ) : (
                <>
                  <button type="submit" name="intent" value="pay" className="btn btn-primary" disabled={busy}>
                    {d.event.requiresApproval && order.approval === null ? t('order.askApproval') : t('order.pay', { total: formatMoney(order.totalPence, order.currency, locale) })}
                  </button>
                  <p className="text-sm text-muted">{t('order.payNote')}</p>
                </>
              )}
              {order.guest ? <p className="text-sm text-muted">{t('order.guestNote')}</p> : null}
            </Form>
          </section>
        ) : order.status === 'refunded' ? (
          <section aria-labelledby="state-title">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.refundedHeading')}
            </h1>
            {order.lateOutcome === 'refunded' ? <p className="mt-3 text-lg">{t('order.lateRefunded')}</p> : null}
          </section>
        ) : (
          <section aria-labelledby="state-title">
            <h1 id="state-title" className="font-serif text-3xl">
              {order.status === 'cancelled' ? t('order.cancelledHeading') : t('order.expiredHeading')}
            </h1>
            <p className="mt-3 text-lg">{order.status === 'cancelled' ? t('order.cancelledLead') : t('order.expiredLead')}</p>
            <p className="mt-6">
              <LocaleLink to={`/events/${d.event.slug}/book`} className="btn btn-primary">
                {t('order.bookAgain')}
              </LocaleLink>
            </p>
          </section>
        )}
      </div>
      <aside>
        <Summary data={d} />
        <p className="mt-3 text-sm text-muted">
          {order.status === 'paid' && order.totalPence === 0
            ? t('order.confirmedFree')
            : order.status === 'pending' && order.heldActive && order.awaitingPayment
              ? t('order.status.awaitingTransfer')
              : order.status === 'pending' && order.heldActive && order.approval === 'waiting'
                ? t('order.status.awaitingApproval')
                : t(`order.status.${order.status === 'pending' && !order.heldActive ? 'expired' : order.status}`)}
        </p>
      </aside>
    </div>
  )
}

