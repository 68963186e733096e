// Choosing tickets: the seats are held at once (a pending order), then the buyer goes to the order page.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useLocation, useNavigation, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { getViewer } from '~/accounts/session.server'
import { formatDateTimeWithZone, formatMoney, formatShortDateTime, formatTime, formatZone } from '~/i18n/format'
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
  const signedIn = viewer !== null
  const member = memberBenefits(getDb(), viewer?.id)
  const now = Date.now()
  // A member sees their price, the members-only types and the presale; everyone else when general sale opens.
  const types = page.types.map((t) => ({
    ...t,
    yourPricePence: memberUnitPrice(t, member),
    membersOnly: t.membersOnly && !member?.membersOnly,
    onSale: t.onSale === 'not_yet' && member && presaleOpen(t.salesStartAt, member, now) ? ('on_sale' as const) : t.onSale,
  }))
  return { ...page, types, signedIn, isMember: member !== null, pageTitle: getT(locale, 'ticketing')('book.title', { title: page.event.title }) }
}

/** A refusal's Retry-After (thrown responses' headers reach the page only through this). */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retry = errorHeaders?.get('Retry-After')
  const out = new Headers()
  if (retry) out.set('Retry-After', retry)
  return out
}

/** Refusals a rush produces by the hundred: answered without the booking page's queries (see ErrorBoundary). */
const RUSH_REFUSALS: Record<string, number> = { sold_out: 409, all_held: 409, too_many_holds: 429 }

export const meta: MetaFunction<typeof loader> = ({ data, params, error }) => {
  // A refusal (ErrorBoundary) has no loader data: its title says what happened.
  const code = isRouteErrorResponse(error) && error.data && typeof error.data === 'object' && 'error' in error.data ? (error.data as { error: BookingError }).error.code : null
  const t = getT(localeFromParam(params.lang) ?? 'en', 'ticketing')
  const title = data?.pageTitle ?? (code ? t(`book.refusal.${refusalKey(code)}`) : undefined)
  return [...(title ? [{ title }] : []), { name: 'robots', content: 'noindex' }]
}

function refusalKey(code: BookingError['code']) {
  return code === 'too_many_holds' ? 'tooManyHolds' : code === 'all_held' ? 'allHeld' : 'soldOut'
}

export async function action({ request, params, context }: ActionFunctionArgs) {
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
    clientKey: context.clientIp ?? null,
  })
  if (!hold.ok) {
    const status = RUSH_REFUSALS[hold.error.code]
    // Thrown, so Remix renders this route's ErrorBoundary with the root's data only: a light answer.
    if (status) {
      const headers: Record<string, string> = hold.error.code === 'too_many_holds' ? { 'Retry-After': String(Math.max(1, Math.ceil((hold.error.retryAt - Date.now()) / 1000))) } : {}
      throw data({ error: hold.error, slug: event.slug }, { status, headers })
    }
    return data({ error: hold.error }, { status: 400 })
  }
  return redirect(localePath(locale, `/orders/${hold.code}`), 303)
}

function errorMessage(t: (k: string, o?: Record<string, unknown>) => string, error: BookingError, locale: 'en' | 'ru') {
  if (error.code === 'too_many_holds') return t('errors.too_many_holds', { time: `${formatTime(error.retryAt, locale)} ${formatZone(error.retryAt)}` })
  return t(`errors.${error.code}`, error as unknown as Record<string, unknown>)
}

/** The rush's refusals (sold out, all held, too many holds): the message and the ways on. */
export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  const location = useLocation()
  const refusal = isRouteErrorResponse(error) && error.data && typeof error.data === 'object' && 'error' in error.data ? (error.data as { error: BookingError; slug: string }) : null
  if (!refusal) {
    const status = isRouteErrorResponse(error) ? error.status : 500
    const key = status === 404 ? 'notFound' : status === 400 ? 'badRequest' : 'error'
    return (
      <section aria-labelledby="error-title" className="mx-auto max-w-xl py-12">
        <h1 id="error-title" className="font-serif text-3xl">
          {tc(`errors.${key}Title`)}
        </h1>
        <p className="mt-4 text-lg">{tc(`errors.${key}`)}</p>
      </section>
    )
  }
  return (
    <section aria-labelledby="refusal-title" className="mx-auto max-w-xl py-8">
      <h1 id="refusal-title" className="font-serif text-3xl">
        {t(`book.refusal.${refusalKey(refusal.error.code)}`)}
      </h1>
      <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
        {errorMessage(t, refusal.error, locale)}
      </p>
      <p className="mt-6 flex flex-wrap items-center gap-4">
        <a href={location.pathname} className="btn btn-secondary">
          {t('book.tryAgain')}
        </a>
        <LocaleLink to={`/events/${refusal.slug}`} className="link">
          {t('book.backToEvent')}
        </LocaleLink>
      </p>
    </section>
  )
}

/** Where "sign in" and "join" lead from a members-only ticket: back here afterwards. */
function MembersWay({ signedIn, back }: { signedIn: boolean; back: string }) {
  const { t } = useTranslation('ticketing')
  return (
    <span className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {signedIn ? null : (
        <LocaleLink to={`/login?redirectTo=${encodeURIComponent(back)}`} className="link">
          {t('book.signInMember')}
        </LocaleLink>
      )}
      <LocaleLink to="/membership" className="link">
        {t('book.join')}
      </LocaleLink>
    </span>
  )
}

export default function Book() {
  const { event, types, remaining, held, signedIn, isMember } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const location = useLocation()
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  const allFree = types.every((x) => x.pricePence === 0)
  const bookable = types.filter((x) => x.onSale === 'on_sale' && !x.membersOnly && x.remaining > 0)
  const membersOnlyOpen = types.some((x) => x.membersOnly && x.onSale === 'on_sale' && x.remaining > 0)
  const error = result && 'error' in result ? result.error : null
  // Why nothing can be chosen, said beside the disabled button rather than left to guess.
  const nothingReason =
    bookable.length > 0 ? null : membersOnlyOpen ? t('book.onlyMembers') : remaining === 0 || types.every((x) => x.remaining === 0) ? (held > 0 ? t('book.allHeld') : t('book.soldOutAll')) : t('book.nothingOnSale')
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
          {event.requiresApproval ? <p className="mt-2 rounded bg-amber-50 p-3 text-sm">{t('book.needsApproval')}</p> : null}
          <p className="mt-1 text-sm text-muted">
            {remaining === 0 && held > 0 ? t('book.allHeld') : t('book.capacityLeft', { count: remaining })}
          </p>
          {error ? (
            <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
              {errorMessage(t, error, locale)}
            </p>
          ) : null}
          <ul className="mt-4 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
            {types.map((type) => {
              const disabled = type.onSale !== 'on_sale' || type.membersOnly || type.remaining === 0
              const max = Math.min(type.maxPerOrder, type.remaining, event.maxSeatsPerOrder)
              const status = type.membersOnly
                ? t('book.membersOnly')
                : type.onSale === 'not_yet'
                  ? t('book.notYet', { when: type.salesStartAt ? formatShortDateTime(type.salesStartAt, locale) : '' })
                  : type.onSale === 'closed'
                    ? t('book.closed')
                    : type.remaining === 0
                      ? held > 0
                        ? t('book.allHeld')
                        : t('book.soldOut')
                      : t('book.left', { count: type.remaining })
              return (
                <li key={type.id} className="flex flex-wrap items-center justify-between gap-3 p-4" data-ticket-type={type.id}>
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold">{type.name}</p>
                    <p className="text-sm">
                      {type.pricePence === 0 ? tc('free') : formatMoney(isMember ? type.yourPricePence : type.pricePence, type.currency, locale)}
                      {!isMember && type.memberPricePence !== null && type.pricePence > 0 ? (
                        <span className="text-muted"> · {t('book.memberPrice', { price: formatMoney(type.memberPricePence, type.currency, locale) })}</span>
                      ) : null}
                    </p>
                    {type.description ? <p className="mt-1 text-sm text-muted">{type.description}</p> : null}
                    <p className="mt-1 text-sm text-muted" id={`status_${type.id}`}>
                      {status}
                      {!disabled ? ` · ${t('book.perOrder', { max })}` : ''}
                    </p>
                    {type.membersOnly && type.onSale === 'on_sale' ? <MembersWay signedIn={signedIn} back={location.pathname} /> : null}
                  </div>
                  <div>
                    <label htmlFor={`qty_${type.id}`} className="sr-only">
                      {t('book.quantity', { name: type.name })}
                    </label>
                    <select
                      id={`qty_${type.id}`}
                      name={`qty_${type.id}`}
                      disabled={disabled}
                      aria-describedby={`status_${type.id}`}
                      defaultValue={bookable.length === 1 && !disabled ? '1' : '0'}
                      className="field-input w-20 disabled:opacity-50"
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
          {nothingReason ? (
            <p id="nothing-reason" className="mt-4 font-semibold">
              {nothingReason}
            </p>
          ) : null}
          <p className="mt-6 flex flex-wrap items-center gap-4">
            <button
              type="submit"
              className="btn btn-primary disabled:cursor-not-allowed disabled:opacity-50"
              disabled={bookable.length === 0 || navigation.state === 'submitting'}
              aria-describedby={nothingReason ? 'nothing-reason' : undefined}
            >
              {event.requiresApproval ? t('book.ask') : allFree ? t('book.holdFree') : t('book.hold')}
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
