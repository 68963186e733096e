/**
 * How every staff edit page (events, speakers, venues) starts, in its loader and in its action:
 * the page's language, someone who may edit the programme (checked again here because Remix runs an action alone),
 * and which record: `new` is null, a number is an id, anything else is a 404.
 */
import type { Params } from '@remix-run/react'
import { requirePermission } from '~/accounts/session.server'
import { localeFromParam } from '~/i18n/locale'
import { notFound } from '~/utils/http.server'

export async function startStaffEdit(params: Params, request: Request) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requirePermission(request, 'programme.edit')
  const param = params.id
  if (param !== 'new' && !(param && /^\d{1,9}$/.test(param))) throw notFound()
  const id = param === 'new' ? null : Number(param)
  return { locale, viewer, id }
}
