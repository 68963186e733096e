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
import { setBuyer } from '~/ticketing/booking.server'
import { startCheckout } from '~/ticketing/checkout.server'
import { confirmFreeOrder, confirmFromReturn } from '~/ticketing/fulfil.server'
import { orderByCode, orderPage } from '~/ticketing/pages.server'
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

type ActionError = 'holdExpired' | 'notPending' | 'buyerMissing' | 'checkoutUnavailable'

function baseUrl(request: Request) {
  const env = getEnv()
  return env.DEMO_MODE ? new URL(request.url).origin : env.PUBLIC_URL
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, db, order } = await loadOrder(request, params)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const self = localePath(locale, `/orders/${order.code}`)
  const fail = (error: ActionError, fields?: { name?: boolean; email?: boolean }) => data({ error, fields: fields ?? {} }, { status: 400 })
  if (intent !== 'pay' && intent !== 'confirm') return fail('notPending')
  if (order.status !== 'pending') return fail('notPending')
  if (order.expiresAt <= Date.now()) return fail('holdExpired')
  const parsed = buyerSchema.safeParse({ name: form.get('name') ?? '', email: form.get('email') ?? '' })
  if (!parsed.success) {
    const bad = new Set(parsed.error.issues.map((i) => i.path[0]))
    return fail('buyerMissing', { name: bad.has('name'), email: bad.has('email') })
  }
  // Once a Checkout Session exists its email is fixed; the details are kept as first given.
  if (!order.stripeCheckoutSessionId) setBuyer(db, order.id, { ...parsed.data, locale: locale as Locale })
  if (order.totalPence === 0) {
    const outcome = await confirmFreeOrder(db, order.id)
    if (outcome === 'hold_expired') return fail('holdExpired')
    return redirect(self, 303)
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
              {d.place.address ? <span className="block">{d.place.address}</span> : <span className="block text-muted">{t('order.addressHidden')}</span>}
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
  const confirming = d.returning && order.status === 'pending' && order.lateOutcome === null
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
        ) : order.status === 'pending' && order.heldActive ? (
          <section aria-labelledby="state-title">
            <h1 id="state-title" className="font-serif text-3xl">
              {t('order.heldHeading')}
            </h1>
            <p className="mt-3 text-lg" role={d.cancelledCheckout ? 'status' : undefined}>
              {d.cancelledCheckout ? t('order.cancelled', { time: `${formatTime(order.expiresAt, locale)} ${formatZone(order.expiresAt)}` }) : t('order.heldUntil', { time: `${formatTime(order.expiresAt, locale)} ${formatZone(order.expiresAt)}` })}
            </p>
            {error ? (
              <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
                {t(`errors.${error.error}`)}
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
                  {t('order.confirmFree')}
                </button>
              ) : (
                <>
                  <button type="submit" name="intent" value="pay" className="btn btn-primary" disabled={busy}>
                    {t('order.pay', { total: formatMoney(order.totalPence, order.currency, locale) })}
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
            : t(`order.status.${order.status === 'pending' && !order.heldActive ? 'expired' : order.status}`)}
        </p>
      </aside>
    </div>
  )
}

