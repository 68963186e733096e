/** Pieces shared by the calendar's pages: event cards, ticket-state badges, speaker faces, form fields. */
import { useActionData, useNavigate, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { fastDate, fastDayKey, fastTimeRange } from './dates'
import type { Locale } from '~/i18n/locale'
import { localePath } from '~/i18n/locale'
import type { EventCard } from './events.server'
import type { TicketState } from './ticket-state'

/** What a card shows, as the calendar's queries read it (a type only: nothing of the server module reaches the browser). */
export type CardData = EventCard

const STATE_CLASS: Record<TicketState, string> = {
  on_sale: 'bg-emerald-100 text-emerald-900',
  few_left: 'bg-amber-100 text-amber-950',
  sold_out: 'bg-ink/10 text-ink',
  not_yet: 'bg-sky-100 text-sky-950',
  members_only: 'bg-violet-100 text-violet-950',
  cancelled: 'bg-accent text-white',
  closed: 'bg-ink/10 text-muted',
}

export { fastTimeRange as timeRange }

type T = (key: string, options?: Record<string, unknown>) => string

export function TicketBadge({ state }: { state: TicketState }) {
  const { t } = useTranslation('calendar')
  return badge(state, t)
}

function badge(state: TicketState, t: T) {
  return (
    <span data-ticket-state={state} className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATE_CLASS[state]}`}>
      {t(`state.${state}`)}
    </span>
  )
}

export function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('')
}

export function SpeakerFace({ name, photoUrl, size = 'md' }: { name: string; photoUrl: string | null; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('calendar')
  return face(name, photoUrl, size, t)
}

function face(name: string, photoUrl: string | null, size: 'sm' | 'md' | 'lg', t: T) {
  const dims = size === 'sm' ? 'h-8 w-8 text-xs' : size === 'lg' ? 'h-40 w-40 text-4xl' : 'h-16 w-16 text-lg'
  if (photoUrl) {
    return <img src={photoUrl} alt={t('speakers.photoOf', { name })} className={`${dims} shrink-0 rounded-full object-cover`} loading="lazy" />
  }
  return (
    <span aria-hidden="true" className={`${dims} inline-flex shrink-0 items-center justify-center rounded-full bg-ink/10 font-serif font-bold text-ink/70`}>
      {initials(name)}
    </span>
  )
}

/**
 * One event in a list. Lists render dozens of these, so a card uses no hooks of its own (the list
 * passes `t`) and plain <a> links (a <ClientNavigation> around the list keeps navigation in-app):
 * a Remix <Link> per title and speaker was most of the cost of rendering /events.
 */
export function EventCard({ event, locale, showDate = false, t }: { event: CardData; locale: Locale; showDate?: boolean; t: T }) {
  const cancelled = event.status === 'cancelled'
  return (
    <article className="rounded-lg border border-ink/10 bg-white p-4 shadow-sm" aria-labelledby={`ev-${event.id}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-semibold text-accent">
          <time dateTime={new Date(event.startsAt).toISOString()}>
            {`${showDate ? `${fastDate(event.startsAt, locale)}, ` : ''}${fastTimeRange(event.startsAt, event.endsAt, locale)}`}
          </time>
        </span>
        <span className="text-muted">·</span>
        <span className="text-muted">{t(`kind.${event.kind}`)}</span>
        <span className="text-muted">·</span>
        <span className="text-muted">{t(`language.${event.language}`)}</span>
        {badge(event.ticketState, t)}
      </div>
      <h3 id={`ev-${event.id}`} className={`mt-1 font-serif text-xl leading-snug ${cancelled ? 'line-through decoration-1' : ''}`}>
        <a href={localePath(locale, `/events/${event.slug}`)} className="hover:underline">
          {event.title}
        </a>
      </h3>
      {event.summary ? <p className="mt-1 text-muted">{event.summary}</p> : null}
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        {event.speakers.length > 0 ? (
          <ul className="flex flex-wrap items-center gap-3" aria-label={t('event.speakers')}>
            {event.speakers.map((s) => (
              <li key={s.slug} className="flex items-center gap-1.5">
                {face(s.name, s.photoUrl, 'sm', t)}
                <a href={localePath(locale, `/speakers/${s.slug}`)} className="link">
                  {s.name}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        <span className="text-muted">{event.venueName ?? t('place.hiddenShort')}</span>
      </div>
    </article>
  )
}

/** Events grouped under one heading per London day. */
export function DayGroups({ events, locale }: { events: CardData[]; locale: Locale }) {
  const { t } = useTranslation('calendar')
  const groups: { key: string; first: number; items: CardData[] }[] = []
  for (const e of events) {
    const key = fastDayKey(e.startsAt)
    const last = groups[groups.length - 1]
    if (last && last.key === key) last.items.push(e)
    else groups.push({ key, first: e.startsAt, items: [e] })
  }
  return (
    <ClientNavigation className="space-y-8">
      {groups.map((g) => (
        <section key={g.key} id={`day-${g.key}`} aria-labelledby={`day-h-${g.key}`} className="scroll-mt-4">
          <h2 id={`day-h-${g.key}`} className="border-b border-ink/10 pb-1 font-serif text-xl first-letter:uppercase">
            {fastDate(g.first, locale)}
          </h2>
          <CardList events={g.items} locale={locale} t={t} />
        </section>
      ))}
    </ClientNavigation>
  )
}

/**
 * Client-side navigation for the plain links inside it, with one listener for the whole list:
 * a left click on a link to this site, without modifier keys, becomes a Remix navigation.
 */
export function ClientNavigation({ children, className }: { children: ReactNode; className?: string }) {
  const navigate = useNavigate()
  return (
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- the links inside are real links; this only speeds them up
    <div
      className={className}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
        const a = (event.target as Element).closest('a')
        if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return
        const url = new URL(a.href)
        if (url.origin !== window.location.origin) return
        event.preventDefault()
        navigate(url.pathname + url.search + url.hash)
      }}
    >
      {children}
    </div>
  )
}

// ---------------------------------------------------------------- staff form fields

type FieldProps = {
  name: string
  label: string
  values: Record<string, string>
  errors: Record<string, string>
  hint?: string
}

export function FieldError({ name, errors }: { name: string; errors: Record<string, string> }) {
  const { t } = useTranslation('calendar')
  const key = errors[name]
  if (!key) return null
  return (
    <p id={`${name}-error`} className="field-error" role="alert">
      {t(`staff.errors.${key}`)}
    </p>
  )
}

function describedBy(name: string, errors: Record<string, string>, hint?: string) {
  const ids = [errors[name] ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

/** What every control of a staff form carries: its id and name, the value as last typed, and its error and hint wired for screen readers. */
function controlProps({ name, values, errors, hint }: FieldProps) {
  return {
    id: name,
    name,
    defaultValue: values[name] ?? '',
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': describedBy(name, errors, hint),
  }
}

/** One control with its label above, and its hint and error below. */
export function Field({ name, label, errors, hint, children }: Omit<FieldProps, 'values'> & { children: ReactNode }) {
  return (
    <div>
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} errors={errors} />
    </div>
  )
}

export function TextField(props: FieldProps & { type?: string; required?: boolean; readOnly?: boolean; lang?: string; inputMode?: 'numeric' }) {
  const { type = 'text', required, readOnly, lang, inputMode } = props
  return (
    <Field {...props}>
      <input {...controlProps(props)} type={type} lang={lang} inputMode={inputMode} required={required} readOnly={readOnly} className={`field-input ${readOnly ? 'bg-ink/5' : ''}`} />
    </Field>
  )
}

export function TextArea(props: FieldProps & { rows?: number; lang?: string }) {
  return (
    <Field {...props}>
      <textarea {...controlProps(props)} rows={props.rows ?? 5} lang={props.lang} className="field-input" />
    </Field>
  )
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; blank?: string }) {
  return (
    <Field {...props}>
      <select {...controlProps(props)} className="field-input">
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  )
}

/** What a staff edit page's action answers when it refuses a save: the errors by field, and everything as typed. */
export type StaffFormResult = { errors: Record<string, string>; values: Record<string, string> }

/**
 * The state every staff edit form reads: the values to show (as typed after a refused save,
 * otherwise the loader's), the errors by field, and the `?done=` flag a successful save redirected with.
 */
export function useStaffForm(loaderValues: Record<string, string>) {
  const actionData = useActionData() as StaffFormResult | undefined
  const { t } = useTranslation('calendar')
  const [search] = useSearchParams()
  const values = actionData?.values ?? loaderValues
  const errors = actionData?.errors ?? {}
  return {
    t,
    /** A field's label. */
    f: (key: string) => t(`staff.fields.${key}`),
    /** Spread into every field. */
    common: { values, errors },
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    done: actionData ? null : search.get('done'),
  }
}

/** "Nothing saved, fix the marked fields" or "Saved", above a staff form; `children` for a page's own notices. */
export function StaffFormNotices({ hasErrors, saved, children }: { hasErrors: boolean; saved: boolean; children?: ReactNode }) {
  const { t } = useTranslation('calendar')
  return (
    <div className="mt-4">
      {hasErrors ? <FormNotice kind="error">{t('staff.formHasErrors')}</FormNotice> : null}
      {saved ? <FormNotice kind="ok">{t('staff.saved')}</FormNotice> : null}
      {children}
    </div>
  )
}

export function FormNotice({ kind, children }: { kind: 'ok' | 'error' | 'info'; children: ReactNode }) {
  const cls = kind === 'error' ? 'border-accent bg-red-50 text-accent' : kind === 'ok' ? 'border-emerald-600 bg-emerald-50 text-emerald-900' : 'border-sky-600 bg-sky-50 text-sky-950'
  return (
    <p role={kind === 'error' ? 'alert' : 'status'} className={`mb-4 rounded border-l-4 px-4 py-3 ${cls}`}>
      {children}
    </p>
  )
}

export const PROSE =
  'prose-club leading-relaxed [&_blockquote]:border-l-4 [&_blockquote]:border-ink/20 [&_blockquote]:pl-4 [&_h2]:mt-6 [&_h2]:font-serif [&_h2]:text-2xl [&_h3]:mt-4 [&_h3]:font-serif [&_h3]:text-xl [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 [&_li]:mt-1 [&_code]:rounded [&_code]:bg-ink/5 [&_code]:px-1'

type CardListProps = { events: CardData[]; locale: Locale; t: T; className?: string }

/** Event cards as a list: under a day's heading without their date, elsewhere with it. */
function CardList({ events, locale, t, showDate = false, className = 'mt-3 space-y-3' }: CardListProps & { showDate?: boolean }) {
  return (
    <ul className={className}>
      {events.map((e) => (
        <li key={e.id}>
          <EventCard event={e} locale={locale} showDate={showDate} t={t} />
        </li>
      ))}
    </ul>
  )
}

/** Dated event cards as a list, navigated client-side: search results, the archive, a speaker's events. */
export function DatedEventList(props: CardListProps) {
  return (
    <ClientNavigation>
      <CardList {...props} showDate />
    </ClientNavigation>
  )
}
