// Staff: the ticket types of one event (names in both languages, price, quota, sale window, maximum
// per order, members only) and the event's capacity shared by all of them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { requirePermission } from '~/accounts/session.server'
import { formatMoney, formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { eventBySlug, eventSeatSummary, eventTicketTypes, saveTicketType, setCapacity, setTicketTypeArchived, ticketTypeSchema } from '~/ticketing/staff.server'
import { toLondonInput } from '~/ticketing/time'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { badRequest, notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'programme.edit')
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const db = getDb()
  const event = eventBySlug(db, params.slug ?? '')
  if (!event) throw notFound()
  const title = locale === 'ru' ? event.titleRu : event.titleEn
  return {
    pageTitle: getT(locale, 'ticketing')('staff.ticketsTitle', { title }),
    event: { slug: event.slug, title },
    summary: eventSeatSummary(db, event.id),
    types: eventTicketTypes(db, event.id).map((t) => ({
      id: t.id,
      nameEn: t.nameEn,
      nameRu: t.nameRu,
      pricePence: t.pricePence,
      memberPricePence: t.memberPricePence,
      currency: t.currency,
      quota: t.quota,
      maxPerOrder: t.maxPerOrder,
      salesStartAt: t.salesStartAt,
      salesEndAt: t.salesEndAt,
      membersOnly: t.membersOnly,
      archived: t.archivedAt !== null,
      taken: t.taken,
    })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

type Result = { ok: boolean; message: string; fields?: string[]; typeId?: number | 'new' }

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, 'programme.edit')
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const t = getT(locale, 'ticketing')
  const db = getDb()
  const event = eventBySlug(db, params.slug ?? '')
  if (!event) throw notFound()
  const form = await readFormData(request)
  const intent = form.get('intent')
  const str = (k: string) => {
    const v = form.get(k)
    return typeof v === 'string' ? v : ''
  }
  const fail = (message: string, extra: Partial<Result> = {}) => data<Result>({ ok: false, message, ...extra }, { status: 400 })
  if (intent === 'capacity') {
    if (!/^\d{1,6}$/.test(str('capacity').trim())) return fail(t('staff.invalid'), { fields: ['capacity'] })
    const r = setCapacity(db, event.id, Number(str('capacity')), viewer.id)
    return r.ok ? data<Result>({ ok: true, message: t('staff.saved') }) : fail(t(`staff.${r.error}`, { taken: r.taken }), { fields: ['capacity'] })
  }
  const typeIdRaw = str('typeId')
  const typeId = typeIdRaw === '' ? null : /^\d{1,9}$/.test(typeIdRaw) ? Number(typeIdRaw) : NaN
  if (Number.isNaN(typeId)) throw badRequest()
  if (intent === 'archive' || intent === 'restore') {
    if (typeId === null) throw badRequest()
    if (!setTicketTypeArchived(db, event.id, typeId, intent === 'archive', viewer.id)) return fail(t('staff.typeNotFound'))
    return data<Result>({ ok: true, message: t('staff.saved'), typeId })
  }
  if (intent !== 'save') throw badRequest()
  const parsed = ticketTypeSchema.safeParse({
    nameEn: str('nameEn'),
    nameRu: str('nameRu'),
    price: str('price'),
    memberPrice: str('memberPrice'),
    quota: str('quota'),
    maxPerOrder: str('maxPerOrder'),
    salesStart: str('salesStart'),
    salesEnd: str('salesEnd'),
    membersOnly: str('membersOnly'),
  })
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => String(i.path[0]))
    const window = parsed.error.issues.some((i) => i.message === 'saleWindow')
    return fail(window ? t('staff.saleWindow') : t('staff.invalid'), { fields, typeId: typeId ?? 'new' })
  }
  const r = saveTicketType(db, event.id, typeId, parsed.data, viewer.id)
  if (!r.ok) return fail(r.error === 'quotaTooLow' ? t('staff.quotaTooLow', { taken: r.taken }) : t('staff.typeNotFound'), { fields: ['quota'], typeId: typeId ?? 'new' })
  return data<Result>({ ok: true, message: t('staff.saved'), typeId: r.id })
}

type TypeRow = ReturnType<typeof useLoaderData<typeof loader>>['types'][number]

function TypeForm({ type, result }: { type: TypeRow | null; result: Result | undefined }) {
  const { t } = useTranslation('ticketing')
  const id = type ? String(type.id) : 'new'
  const mine = result && (result.typeId === (type ? type.id : 'new'))
  const bad = (f: string) => (mine && !result.ok && result.fields?.includes(f)) || undefined
  const field = (name: string, label: string, value: string, props: Record<string, unknown> = {}) => (
    <div>
      <label htmlFor={`${name}-${id}`} className="field-label text-sm">
        {label}
      </label>
      <input id={`${name}-${id}`} name={name} defaultValue={value} className="field-input" aria-invalid={bad(name)} {...props} />
    </div>
  )
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="typeId" value={type ? type.id : ''} />
      {field('nameEn', t('staff.nameEn'), type?.nameEn ?? '', { required: true, maxLength: 120, lang: 'en' })}
      {field('nameRu', t('staff.nameRu'), type?.nameRu ?? '', { required: true, maxLength: 120, lang: 'ru' })}
      {field('price', t('staff.price'), type ? (type.pricePence / 100).toFixed(2) : '0.00', { inputMode: 'decimal', required: true })}
      {field('memberPrice', t('staff.memberPrice'), type?.memberPricePence != null ? (type.memberPricePence / 100).toFixed(2) : '', { inputMode: 'decimal' })}
      {field('quota', t('staff.quota'), type ? String(type.quota) : '', { inputMode: 'numeric', required: true })}
      {field('maxPerOrder', t('staff.maxPerOrder'), type ? String(type.maxPerOrder) : '10', { inputMode: 'numeric', required: true })}
      {field('salesStart', t('staff.salesStart'), toLondonInput(type?.salesStartAt ?? null), { type: 'datetime-local' })}
      {field('salesEnd', t('staff.salesEnd'), toLondonInput(type?.salesEndAt ?? null), { type: 'datetime-local' })}
      <div className="flex items-center gap-2 sm:col-span-2">
        <input type="checkbox" id={`membersOnly-${id}`} name="membersOnly" value="on" defaultChecked={type?.membersOnly ?? false} className="h-5 w-5" />
        <label htmlFor={`membersOnly-${id}`}>{t('staff.membersOnly')}</label>
      </div>
      {mine ? (
        <p role={result.ok ? 'status' : 'alert'} className={`sm:col-span-2 ${result.ok ? '' : 'font-semibold text-accent'}`}>
          {result.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3 sm:col-span-2">
        <button type="submit" name="intent" value="save" className="btn btn-primary">
          {type ? t('staff.editType') : t('staff.addType')}
        </button>
        {type ? (
          <button type="submit" name="intent" value={type.archived ? 'restore' : 'archive'} className="btn btn-secondary" formNoValidate>
            {type.archived ? t('staff.restore') : t('staff.archive')}
          </button>
        ) : null}
      </div>
    </Form>
  )
}


export default function StaffEventTickets() {
  const { event, summary, types } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation('ticketing')
  const { t: tc } = useTranslation()
  const locale = useLocale()
  const capacityResult = result && result.typeId === undefined ? result : undefined
  return (
    <section aria-labelledby="types-title">
      <p className="text-sm">
        <LocaleLink to={`/staff/events/${event.slug}/orders`} className="link">
          {t('staff.toOrders')}
        </LocaleLink>
      </p>
      <h1 id="types-title" className="mt-2 font-serif text-3xl">
        {t('staff.ticketsHeading')}: {event.title}
      </h1>
      <Form method="post" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-ink/10 bg-white p-4">
        <div>
          <label htmlFor="capacity" className="field-label">
            {t('staff.capacity')}
          </label>
          <input id="capacity" name="capacity" inputMode="numeric" defaultValue={summary.capacity} className="field-input w-32" aria-describedby="capacity-hint" aria-invalid={(capacityResult && !capacityResult.ok) || undefined} />
        </div>
        <button type="submit" name="intent" value="capacity" className="btn btn-secondary">
          {t('staff.saveCapacity')}
        </button>
        <p id="capacity-hint" className="w-full text-sm text-muted">
          {t('staff.capacityHint')} {t('staff.sold')}: {summary.sold} · {t('staff.held')}: {summary.held} · {t('staff.remaining')}: {summary.remaining}
        </p>
        {capacityResult ? (
          <p role={capacityResult.ok ? 'status' : 'alert'} className={`w-full ${capacityResult.ok ? '' : 'font-semibold text-accent'}`}>
            {capacityResult.message}
          </p>
        ) : null}
      </Form>
      {types.length === 0 ? <p className="mt-6">{t('staff.noTypes')}</p> : null}
      <ul className="mt-6 space-y-6">
        {types.map((type) => (
          <li key={type.id} className="rounded-lg border border-ink/10 bg-white p-4">
            <h2 className="font-serif text-xl">
              {locale === 'ru' ? type.nameRu : type.nameEn}
              {type.archived ? <span className="ml-2 text-sm text-muted">({t('staff.archived')})</span> : null}
            </h2>
            <p className="mb-3 text-sm text-muted">
              {type.pricePence === 0 ? tc('free') : formatMoney(type.pricePence, type.currency, locale)} · {t('staff.sold')}/{t('staff.held')}: {type.taken} / {type.quota}
              {type.salesStartAt ? ` · ${formatShortDateTime(type.salesStartAt, locale)}` : ''}
              {type.salesEndAt ? ` – ${formatShortDateTime(type.salesEndAt, locale)}` : ''}
            </p>
            <TypeForm type={type} result={result} />
          </li>
        ))}
      </ul>
      <h2 className="mt-8 font-serif text-2xl">{t('staff.addType')}</h2>
      <div className="mt-3 rounded-lg border border-ink/10 bg-white p-4">
        <TypeForm type={null} result={result} />
      </div>
    </section>
  )
}
