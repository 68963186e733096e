// /staff: each person goes straight to what they open most: the programme for staff, the door for door staff.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { can } from '~/accounts/permissions'
import { requireClubWorker } from '~/accounts/session.server'
import { localeFromParam, localePath } from '~/i18n/locale'
import { notFound } from '~/utils/http.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requireClubWorker(request)
  return redirect(localePath(locale, can(viewer.roles, 'programme.edit') ? '/staff/events' : '/staff/door'))
}
