// Staff: the orders of one event, with their state; a paid order's confirmation can be sent again;
// bookings waiting for approval are approved or declined here; the event's booking rules are set here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { requirePermission, viewerCan } from '~/accounts/session.server'
import { formatMoney, formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { decideApproval } from '~/ticketing/approval.server'
import { bookingRulesSchema, eventBySlug, eventOrders, eventSeatSummary, resendConfirmation, setBookingRules, type OrderState } from '~/ticketing/staff.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { badRequest, notFound } from '~/utils/http.server'

const STATES: OrderState[] = ['held', 'paid', 'expired', 'cancelled', 'refunded', 'partially_refunded']

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, 'orders.view')
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const db = getDb()
  const event = eventBySlug(db, params.slug ?? '')
  if (!event) throw notFound()
  const filterParam = new URL(request.url).searchParams.get('state')
  const filter = STATES.includes(filterParam as OrderState) ? (filterParam as OrderState) : null
  const title = locale === 'ru' ? event.titleRu : event.titleEn
  return {
    pageTitle: getT(locale, 'ticketing')('staff.ordersTitle', { title }),
    event: { slug: event.slug, title, requiresApproval: event.requiresApproval, maxSeatsPerOrder: event.maxSeatsPerOrder },
    canEditRules: viewerCan(viewer, 'programme.edit'),
    summary: eventSeatSummary(db, event.id),
    orders: eventOrders(db, event.id, filter),
    filter,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

type ActionResult =
  | { kind: 'resend'; ok: true; email: string }
  | { kind: 'resend'; ok: false }
  | { kind: 'decision'; ok: true; outcome: 'approved' | 'declined'; email: string }
  | { kind: 'decision'; ok: false }
  | { kind: 'rules'; ok: boolean }

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, 'orders.view')
  const db = getDb()
  const event = eventBySlug(db, params.slug ?? '')
  if (!event) throw notFound()
  const form = await readFormData(request)
  const intent = form.get('intent')
  const answer = (result: ActionResult) => data(result, { status: result.ok ? 200 : 400 })
  if (intent === 'rules') {
    // The rules are part of the programme: the same permission as editing the event.
    await requirePermission(request, 'programme.edit')
    const parsed = bookingRulesSchema.safeParse({ requiresApproval: form.get('requiresApproval') ?? '', maxSeatsPerOrder: form.get('maxSeatsPerOrder') ?? '' })
    if (!parsed.success) return answer({ kind: 'rules', ok: false })
    setBookingRules(db, event.id, parsed.data, viewer.id)
    return answer({ kind: 'rules', ok: true })
  }
  const orderId = Number(form.get('orderId'))
  if (!Number.isSafeInteger(orderId) || orderId < 1) throw badRequest()
  if (intent === 'approve' || intent === 'decline') {
    const decided = await decideApproval(db, event.id, orderId, intent, viewer.id)
    if (!decided.ok && decided.error === 'not_found') throw notFound()
    const email = eventOrders(db, event.id, null).find((o) => o.id === orderId)?.buyerEmail ?? ''
    return answer(decided.ok ? { kind: 'decision', ok: true, outcome: decided.outcome, email } : { kind: 'decision', ok: false })
  }
  if (intent !== 'resend') throw badRequest()
  const result = await resendConfirmation(db, event.id, orderId, viewer.id)
  if (!result.ok && result.error === 'not_found') throw notFound()
  return answer(result.ok ? { kind: 'resend', ok: true, email: result.email } : { kind: 'resend', ok: false })
}

export default function StaffEventOrders() {
  const { event, summary, orders, filter, canEditRules } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  return (
    <section aria-labelledby="orders-title">
      <p className="text-sm">
        <LocaleLink to={`/staff/events/${event.slug}/tickets`} className="link">
          {t('staff.toTickets')}
        </LocaleLink>
      </p>
      <h1 id="orders-title" className="mt-2 font-serif text-3xl">
        {t('staff.ordersHeading')}: {event.title}
      </h1>
      <dl className="mt-4 flex flex-wrap gap-6 text-sm">
        {(
          [
            ['capacity', summary.capacity],
            ['sold', summary.sold],
            ['held', summary.held],
            ['remaining', summary.remaining],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt className="text-muted">{t(`staff.${k}`)}</dt>
            <dd className="text-2xl font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      {result ? (
        <p role="status" className="mt-4 rounded bg-ink/5 p-3">
          {result.kind === 'resend'
            ? result.ok
              ? t('staff.resent', { email: result.email })
              : t('staff.cannotResend')
            : result.kind === 'decision'
              ? result.ok
                ? t(result.outcome === 'approved' ? 'staff.approved' : 'staff.declined', { email: result.email })
                : t('staff.notWaiting')
              : result.ok
                ? t('staff.rulesSaved')
                : t('staff.invalid')}
        </p>
      ) : null}
      {canEditRules ? (
        <details className="mt-6 rounded-lg border border-ink/10 bg-white p-4" open={event.requiresApproval}>
          <summary className="cursor-pointer font-semibold">{t('staff.rulesHeading')}</summary>
          <Form method="post" className="mt-3 space-y-4">
            <label className="flex items-start gap-3">
              <input type="checkbox" name="requiresApproval" value="on" defaultChecked={event.requiresApproval} className="mt-1 h-5 w-5" aria-describedby="requiresApproval-hint" />
              <span>
                <span className="font-semibold">{t('staff.requiresApproval')}</span>
                <span id="requiresApproval-hint" className="block text-sm text-muted">
                  {t('staff.requiresApprovalHint')}
                </span>
              </span>
            </label>
            <div>
              <label htmlFor="maxSeatsPerOrder" className="field-label">
                {t('staff.maxSeatsPerOrder')}
              </label>
              <input id="maxSeatsPerOrder" name="maxSeatsPerOrder" inputMode="numeric" defaultValue={event.maxSeatsPerOrder} className="field-input w-24" />
            </div>
            <button type="submit" name="intent" value="rules" className="btn btn-secondary">
              {t('staff.saveRules')}
            </button>
          </Form>
        </details>
      ) : null}
      <Form method="get" className="mt-6 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="state" className="field-label">
            {t('staff.filter')}
          </label>
          <select id="state" name="state" defaultValue={params.get('state') ?? ''} className="field-input">
            <option value="">{t('staff.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`order.status.${s === 'held' ? 'pending' : s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          {tc('actions.search')}
        </button>
      </Form>
      {orders.length === 0 ? (
        <p className="mt-6">{t('staff.noOrders')}</p>
      ) : (
        // On a phone each order is a stacked card (labels beside values), so no column, and no action, is cut off.
        <div className="mt-6">
          <table className="block w-full border-collapse text-left text-sm sm:table">
            <thead className="sr-only sm:not-sr-only sm:table-header-group">
              <tr className="border-b border-ink/20">
                <th className="py-2 pr-3">{t('staff.buyer')}</th>
                <th className="py-2 pr-3">{t('staff.created')}</th>
                <th className="py-2 pr-3">{t('staff.tickets')}</th>
                <th className="py-2 pr-3">{t('staff.amount')}</th>
                <th className="py-2 pr-3">{t('staff.state')}</th>
                <th className="py-2">{t('staff.actions')}</th>
              </tr>
            </thead>
            <tbody className="block sm:table-row-group">
              {orders.map((o) => {
                const cell = 'flex gap-3 py-1 sm:table-cell sm:py-2 sm:pr-3'
                const label = (k: string) => (
                  <span className="w-24 shrink-0 text-muted sm:hidden" aria-hidden="true">
                    {t(`staff.${k}`)}
                  </span>
                )
                const paid = o.state === 'paid' || o.state === 'partially_refunded'
                const waiting = o.state === 'held' && o.approval === 'waiting'
                return (
                  <tr key={o.id} className="mb-3 block rounded-lg border border-ink/10 bg-white p-3 align-top sm:mb-0 sm:table-row sm:rounded-none sm:border-0 sm:border-b sm:bg-transparent sm:p-0" data-order-state={o.state} data-order-id={o.id}>
                    <td className="block py-1 sm:table-cell sm:py-2 sm:pr-3">
                      <span className="block font-semibold">{o.buyerName ?? '—'}</span>
                      <span className="block break-all text-muted">{o.buyerEmail ?? ''}</span>
                      {o.userId === null ? <span className="text-xs text-muted">{t('staff.guest')}</span> : null}
                    </td>
                    <td className={cell}>
                      {label('created')}
                      <span data-value>{formatShortDateTime(o.createdAt, locale)}</span>
                    </td>
                    <td className={cell}>
                      {label('tickets')}
                      <span data-value>{o.seats}</span>
                    </td>
                    <td className={cell}>
                      {label('amount')}
                      <span data-value>{o.totalPence === 0 ? tc('free') : formatMoney(o.totalPence, o.currency, locale)}</span>
                    </td>
                    <td className={cell}>
                      {label('state')}
                      <span data-state-label>
                        {paid && o.totalPence === 0 ? t('staff.freeConfirmed') : waiting ? t('staff.awaiting') : t(`order.status.${o.state === 'held' ? 'pending' : o.state}`)}
                        {o.lateOutcome ? <span className="block text-xs text-muted">{t('staff.late', { outcome: t(`order.status.${o.lateOutcome === 'accepted' ? 'paid' : 'refunded'}`) })}</span> : null}
                      </span>
                    </td>
                    <td className="block pt-2 sm:table-cell sm:py-2">
                      {paid ? (
                        <Form method="post">
                          <input type="hidden" name="orderId" value={o.id} />
                          <button type="submit" name="intent" value="resend" className="link text-left">
                            {t('staff.resend')}
                          </button>
                        </Form>
                      ) : waiting ? (
                        <Form method="post" className="flex flex-wrap gap-2">
                          <input type="hidden" name="orderId" value={o.id} />
                          <button type="submit" name="intent" value="approve" className="btn btn-primary">
                            {t('staff.approve')}
                          </button>
                          <button type="submit" name="intent" value="decline" className="btn btn-secondary">
                            {t('staff.decline')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {filter ? null : null}
    </section>
  )
}
