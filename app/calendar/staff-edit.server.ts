/**
 * How every programme page of the back office (events, speakers, venues: lists and edit pages)
 * starts, in its loader and in its action: the page's language and someone who may edit the
 * programme (checked in each because Remix runs a leaf's loader or action without its parent's).
 */
import { data } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import { requirePermission } from '~/accounts/session.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam, type Locale } from '~/i18n/locale'
import { notFound } from '~/utils/http.server'
import type { FieldErrors, FormValues } from './forms.server'

export async function startStaffPage(params: Params, request: Request) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requirePermission(request, 'programme.edit')
  return { locale, viewer }
}

/** An edit page also names its record: `new` is null, a number is an id, anything else is a 404. */
export async function startStaffEdit(params: Params, request: Request) {
  const { locale, viewer } = await startStaffPage(params, request)
  const param = params.id
  if (param !== 'new' && !(param && /^\d{1,9}$/.test(param))) throw notFound()
  const id = param === 'new' ? null : Number(param)
  return { locale, viewer, id }
}

/** "<the page's name> — Open Russia Club", in the page's language; `key` is in the calendar namespace. */
export function staffPageTitle(locale: Locale, key: string) {
  return `${getT(locale, 'calendar')(key)} — ${getT(locale)('club')}`
}

/** A save refused: 400, with the errors by field and everything as typed, for the form to show again. */
export function refusedSave(errors: FieldErrors, values: FormValues) {
  return data({ errors, values }, { status: 400 })
}
