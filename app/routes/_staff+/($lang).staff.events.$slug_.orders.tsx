// Staff: the orders of one event, with their state; a paid order's confirmation can be sent again.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { requirePermission } from '~/accounts/session.server'
import { formatMoney, formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { eventBySlug, eventOrders, eventSeatSummary, resendConfirmation, type OrderState } from '~/ticketing/staff.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { badRequest, notFound } from '~/utils/http.server'

const STATES: OrderState[] = ['held', 'paid', 'expired', 'cancelled', 'refunded', 'partially_refunded']

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'orders.view')
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
    event: { slug: event.slug, title },
    summary: eventSeatSummary(db, event.id),
    orders: eventOrders(db, event.id, filter),
    filter,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, 'orders.view')
  const db = getDb()
  const event = eventBySlug(db, params.slug ?? '')
  if (!event) throw notFound()
  const form = await readFormData(request)
  const orderId = Number(form.get('orderId'))
  if (form.get('intent') !== 'resend' || !Number.isSafeInteger(orderId) || orderId < 1) throw badRequest()
  const result = await resendConfirmation(db, event.id, orderId, viewer.id)
  if (!result.ok && result.error === 'not_found') throw notFound()
  return data(result, { status: result.ok ? 200 : 400 })
}

export default function StaffEventOrders() {
  const { event, summary, orders, filter } = useLoaderData<typeof loader>()
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
          {result.ok ? t('staff.resent', { email: result.email }) : t('staff.cannotResend')}
        </p>
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
        <div className="mt-6 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-ink/20">
                <th className="py-2 pr-3">{t('staff.buyer')}</th>
                <th className="hidden py-2 pr-3 sm:table-cell">{t('staff.created')}</th>
                <th className="py-2 pr-3">{t('staff.tickets')}</th>
                <th className="py-2 pr-3">{t('staff.amount')}</th>
                <th className="py-2 pr-3">{t('staff.state')}</th>
                <th className="py-2">
                  <span className="sr-only">{t('staff.resend')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} className="border-b border-ink/10 align-top" data-order-state={o.state}>
                  <td className="py-2 pr-3">
                    <span className="block font-semibold">{o.buyerName ?? '—'}</span>
                    <span className="block break-all text-muted">{o.buyerEmail ?? ''}</span>
                    {o.userId === null ? <span className="text-xs text-muted">{t('staff.guest')}</span> : null}
                  </td>
                  <td className="hidden py-2 pr-3 sm:table-cell">{formatShortDateTime(o.createdAt, locale)}</td>
                  <td className="py-2 pr-3">{o.seats}</td>
                  <td className="py-2 pr-3">{o.totalPence === 0 ? tc('free') : formatMoney(o.totalPence, o.currency, locale)}</td>
                  <td className="py-2 pr-3">
                    {t(`order.status.${o.state === 'held' ? 'pending' : o.state}`)}
                    {o.lateOutcome ? <span className="block text-xs text-muted">{t('staff.late', { outcome: t(`order.status.${o.lateOutcome === 'accepted' ? 'paid' : 'refunded'}`) })}</span> : null}
                  </td>
                  <td className="py-2">
                    {o.state === 'paid' || o.state === 'partially_refunded' ? (
                      <Form method="post">
                        <input type="hidden" name="orderId" value={o.id} />
                        <button type="submit" name="intent" value="resend" className="link text-left">
                          {t('staff.resend')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {filter ? null : null}
    </section>
  )
}
