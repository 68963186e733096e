// Everything the club holds about the signed-in person, as a JSON download. Logged in the audit log.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { writeAudit } from '~/accounts/audit.server'
import { routeLocale } from '~/accounts/http.server'
import { exportPersonalData } from '~/accounts/privacy.server'
import { requireViewer } from '~/accounts/session.server'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  routeLocale(params)
  const viewer = await requireViewer(request)
  const now = Date.now()
  const exported = exportPersonalData(viewer.id, now)
  if (!exported) throw notFound()
  writeAudit(getDb(), { actorUserId: viewer.id, action: 'account.exported', subjectType: 'user', subjectId: viewer.id }, now)
  const day = new Date(now).toISOString().slice(0, 10)
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="open-russia-club-my-data-${day}.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
