// /staff: the programme is what staff open most; go straight to the events.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '~/accounts/session.server'
import { localeFromParam, localePath } from '~/i18n/locale'
import { notFound } from '~/utils/http.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  await requireRole(request, 'staff')
  return redirect(localePath(locale, '/staff/events'))
}
