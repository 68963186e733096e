/**
 * The controls around a public list of events (the calendar at /events and the archive): the
 * filter form (search, kind, language), what a URL's filters mean, and the pager. One place, so the
 * two lists read the same filters the same way and show the same form.
 */
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LocaleLink } from '~/ui/locale-link'
import { KINDS, LANGUAGES, type Kind, type Language } from './constants'

export type ListFilters = { kind: Kind | null; language: Language | null; q: string }

/** The filters a URL asks for; anything unknown is no filter, and a search is cut to 100 characters. */
export function filtersFrom(url: URL): ListFilters {
  const k = url.searchParams.get('kind')
  const l = url.searchParams.get('language')
  return {
    kind: (KINDS as readonly string[]).includes(k ?? '') ? (k as Kind) : null,
    language: (LANGUAGES as readonly string[]).includes(l ?? '') ? (l as Language) : null,
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 100),
  }
}

export function isFiltered(filters: ListFilters) {
  return Boolean(filters.kind || filters.language || filters.q)
}

/**
 * `?a=1&b=2` from the parameters in the order given, leaving out empty ones and page 1 (the
 * default), so every list link has one spelling; '' when nothing is left.
 */
export function queryString(params: Record<string, string | number | null | undefined>) {
  const p = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || (key === 'page' && Number(value) <= 1)) continue
    p.set(key, String(value))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | null; options: { value: string; label: string }[] }) {
  const { t } = useTranslation('calendar')
  return (
    <div>
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ''} className="field-input">
        <option value="">{t('filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * The filter form (a GET, so a filtered list has its own URL). `children` go first inside the form
 * (hidden fields that keep the rest of the URL); `clearTo` shows a link back to the unfiltered list
 * while any filter is on.
 */
export function EventFilterForm({ filters, clearTo, children }: { filters: ListFilters; clearTo?: string; children?: ReactNode }) {
  const { t } = useTranslation('calendar')
  return (
    <Form method="get" className="mt-6 rounded-lg border border-ink/10 bg-white p-4" aria-label={t('filters.legend')}>
      {children}
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="q" className="field-label">
            {t('filters.search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={filters.q} placeholder={t('filters.searchPlaceholder')} className="field-input" maxLength={100} />
        </div>
        <FilterSelect name="kind" label={t('filters.kind')} value={filters.kind} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        <FilterSelect name="language" label={t('filters.language')} value={filters.language} options={LANGUAGES.map((l) => ({ value: l, label: t(`languageShort.${l}`) }))} />
        <button type="submit" className="btn btn-primary">
          {t('filters.apply')}
        </button>
      </div>
      {clearTo && isFiltered(filters) ? (
        <p className="mt-2 text-sm">
          <LocaleLink to={clearTo} className="link">
            {t('filters.clear')}
          </LocaleLink>
        </p>
      ) : null}
    </Form>
  )
}

/** Earlier and later pages of a list, with where the reader is between them. `href` is without the language prefix. */
export function Pager({ page, pages, href, previous, next, current }: { page: number; pages: number; href: (page: number) => string; previous: string; next: string; current: string }) {
  const { t } = useTranslation('calendar')
  if (pages <= 1) return null
  return (
    <nav className="mt-6 flex items-center justify-between" aria-label={t('pagination.page', { page })}>
      {page > 1 ? (
        <LocaleLink to={href(page - 1)} className="btn btn-secondary" rel="prev">
          ← {previous}
        </LocaleLink>
      ) : (
        <span />
      )}
      <span className="text-sm text-muted">{current}</span>
      {page < pages ? (
        <LocaleLink to={href(page + 1)} className="btn btn-secondary" rel="next">
          {next} →
        </LocaleLink>
      ) : (
        <span />
      )}
    </nav>
  )
}
