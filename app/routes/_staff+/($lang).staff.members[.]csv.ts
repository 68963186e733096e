// The members list as CSV (the same filter as the page); every export is in the audit log.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { requirePermission } from '~/accounts/session.server'
import { filterSchema, membersCsv } from '~/membership/staff.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, 'members.view')
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const csv = membersCsv(getDb(), filter, viewer.id)
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="members.csv"', 'Cache-Control': 'private, no-store' },
  })
}
