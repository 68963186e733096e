// Choosing tickets: the seats are held at once (a pending order), then the buyer goes to the order page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { getViewer } from '~/accounts/session.server'
import { formatDateTimeWithZone, formatMoney, formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { memberBenefits, memberUnitPrice, presaleOpen } from '~/membership/benefits.server'
import { holdSeats, parseQuantities, type BookingError } from '~/ticketing/booking.server'
import { sweepExpiredHolds } from '~/ticketing/fulfil.server'
import { bookingPage, findBookableEvent } from '~/ticketing/pages.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const page = bookingPage(getDb(), params.slug ?? '', locale)
  if (!page) throw notFound()
  const viewer = await getViewer(request)
  const member = memberBenefits(getDb(), viewer?.id)
  const now = Date.now()
  // A member sees their price, the members-only types and the presale; everyone else when general sale opens.
  const types = page.types.map((t) => ({
    ...t,
    yourPricePence: memberUnitPrice(t, member),
    membersOnly: t.membersOnly && !member?.membersOnly,
    onSale: t.onSale === 'not_yet' && member && presaleOpen(t.salesStartAt, member, now) ? ('on_sale' as const) : t.onSale,
  }))
  return { ...page, types, isMember: member !== null, pageTitle: getT(locale, 'ticketing')('book.title', { title: page.event.title }) }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const db = getDb()
  const event = findBookableEvent(db, params.slug ?? '')
  if (!event) throw notFound()
  const form = await readFormData(request)
  const parsed = parseQuantities(form.entries())
  if (!parsed.ok) return data({ error: parsed.error }, { status: 400 })
  const viewer = await getViewer(request)
  // Abandoned holds are marked and their Checkout Sessions ended now and then, when people book.
  void sweepExpiredHolds(db).catch(() => {})
  const hold = await holdSeats(db, {
    eventId: event.id,
    quantities: parsed.quantities,
    userId: viewer?.id ?? null,
    buyerName: viewer?.name ?? null,
    buyerEmail: viewer?.email ?? null,
    locale,
    member: memberBenefits(db, viewer?.id),
  })
  if (!hold.ok) return data({ error: hold.error }, { status: hold.error.code === 'sold_out' ? 409 : 400 })
  return redirect(localePath(locale, `/orders/${hold.code}`), 303)
}

function errorMessage(t: (k: string, o?: Record<string, unknown>) => string, error: BookingError) {
  return t(`errors.${error.code}`, error as unknown as Record<string, unknown>)
}

export default function Book() {
  const { event, types, remaining, isMember } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  const allFree = types.every((x) => x.pricePence === 0)
  const bookable = types.filter((x) => x.onSale === 'on_sale' && !x.membersOnly && x.remaining > 0)
  const error = result && 'error' in result ? result.error : null
  return (
    <section aria-labelledby="book-title" className="mx-auto max-w-2xl">
      <p className="text-sm font-semibold text-accent">
        <time dateTime={new Date(event.startsAt).toISOString()}>{formatDateTimeWithZone(event.startsAt, locale)}</time>
      </p>
      <h1 id="book-title" className="mt-1 font-serif text-3xl">
        {event.title}
      </h1>
      <h2 className="mt-6 font-serif text-2xl">{t('book.heading')}</h2>
      {!event.open ? (
        <p className="mt-4">{t('book.eventOver')}</p>
      ) : types.length === 0 ? (
        <p className="mt-4">{t('book.noTypes')}</p>
      ) : (
        <Form method="post" className="mt-4" noValidate>
          <p className="text-muted">{allFree ? t('book.leadFree') : t('book.lead')}</p>
          <p className="mt-1 text-sm text-muted">{t('book.capacityLeft', { count: remaining })}</p>
          {error ? (
            <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
              {errorMessage(t, error)}
            </p>
          ) : null}
          <ul className="mt-4 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
            {types.map((type) => {
              const disabled = type.onSale !== 'on_sale' || type.membersOnly || type.remaining === 0
              const max = Math.min(type.maxPerOrder, type.remaining)
              const status = type.membersOnly
                ? t('book.membersOnly')
                : type.onSale === 'not_yet'
                  ? t('book.notYet', { when: type.salesStartAt ? formatShortDateTime(type.salesStartAt, locale) : '' })
                  : type.onSale === 'closed'
                    ? t('book.closed')
                    : type.remaining === 0
                      ? t('book.soldOut')
                      : t('book.left', { count: type.remaining })
              return (
                <li key={type.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold">{type.name}</p>
                    <p className="text-sm">
                      {type.pricePence === 0 ? tc('free') : formatMoney(isMember ? type.yourPricePence : type.pricePence, type.currency, locale)}
                      {!isMember && type.memberPricePence !== null && type.pricePence > 0 ? (
                        <span className="text-muted"> · {t('book.memberPrice', { price: formatMoney(type.memberPricePence, type.currency, locale) })}</span>
                      ) : null}
                    </p>
                    {type.description ? <p className="mt-1 text-sm text-muted">{type.description}</p> : null}
                    <p className="mt-1 text-sm text-muted">
                      {status}
                      {!disabled ? ` · ${t('book.perOrder', { max: type.maxPerOrder })}` : ''}
                    </p>
                  </div>
                  <div>
                    <label htmlFor={`qty_${type.id}`} className="sr-only">
                      {t('book.quantity', { name: type.name })}
                    </label>
                    <select
                      id={`qty_${type.id}`}
                      name={`qty_${type.id}`}
                      disabled={disabled}
                      defaultValue={bookable.length === 1 && !disabled ? '1' : '0'}
                      className="field-input w-20"
                    >
                      {Array.from({ length: disabled ? 1 : max + 1 }, (_, n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </div>
                </li>
              )
            })}
          </ul>
          <p className="mt-6 flex flex-wrap items-center gap-4">
            <button type="submit" className="btn btn-primary" disabled={bookable.length === 0 || navigation.state === 'submitting'}>
              {allFree ? t('book.holdFree') : t('book.hold')}
            </button>
            <LocaleLink to={`/events/${event.slug}`} className="link">
              {t('book.backToEvent')}
            </LocaleLink>
          </p>
        </Form>
      )}
    </section>
  )
}
