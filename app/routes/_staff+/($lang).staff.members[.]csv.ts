// The members list as CSV (the same filter as the page). An export is a POST because it is recorded
// in the audit log: a GET (a prefetch, a crawler, a reload) must change nothing, so it goes to the page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { requirePermission } from '~/accounts/session.server'
import { localeFromParam, localePath } from '~/i18n/locale'
import { filterSchema, membersCsv } from '~/membership/staff.server'
import { readFormData } from '~/utils/form.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'members.view')
  return redirect(localePath(localeFromParam(params.lang) ?? 'en', '/staff/members'), 303)
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, 'members.view')
  const form = await readFormData(request)
  const filter = filterSchema.parse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string' && v !== '')))
  const csv = membersCsv(getDb(), filter, viewer.id)
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="members.csv"', 'Cache-Control': 'private, no-store' },
  })
}
