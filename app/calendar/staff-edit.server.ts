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
import { getDb, type Db } from '#db/client.server'
import type { FieldErrors, FormValues } from './forms.server'

export async function startStaffPage(params: Params, request: Request) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requirePermission(request, 'programme.edit')
  return { locale, viewer }
}

/**
 * An edit page also names its record: `new` is null, a number is the id of a record that `find`
 * must find, anything else (a malformed or unknown id) is a 404, before any form is read.
 */
export async function startStaffEdit<R>(params: Params, request: Request, find: (db: Db, id: number) => R | null | undefined) {
  const { locale, viewer } = await startStaffPage(params, request)
  const param = params.id
  if (param !== 'new' && !(param && /^\d{1,9}$/.test(param))) throw notFound()
  const id = param === 'new' ? null : Number(param)
  const db = getDb()
  const record = id === null ? null : find(db, id)
  if (id !== null && !record) throw notFound()
  return { locale, viewer, id, db, record: record ?? null }
}

/** "<the page's name> — Open Russia Club", in the page's language; `key` is in the calendar namespace. */
export function staffPageTitle(locale: Locale, key: string) {
  return `${getT(locale, 'calendar')(key)} — ${getT(locale)('club')}`
}

/** A save refused: 400, with the errors by field and everything as typed, for the form to show again. */
export function refusedSave(errors: FieldErrors, values: FormValues) {
  return data({ errors, values }, { status: 400 })
}
