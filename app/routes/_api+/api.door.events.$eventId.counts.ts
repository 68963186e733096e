// GET /api/door/events/:eventId/counts: admitted / expected, per ticket type.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { doorCounts, doorEvent } from '~/checkin/door.server'
import { apiError, apiLocale, eventIdParam, json, requireDoorApi } from '~/checkin/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const db = getDb()
  if (!doorEvent(db, eventId)) return apiError(request, 404, 'not_found', '', viewer)
  return json(doorCounts(db, eventId, apiLocale(request, viewer)))
}
