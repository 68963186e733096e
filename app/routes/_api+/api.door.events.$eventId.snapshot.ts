// GET /api/door/events/:eventId/snapshot: tonight's list for the door screen's offline store.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { doorSnapshot } from '~/checkin/door.server'
import { apiError, apiLocale, eventIdParam, json, requireDoorApi } from '~/checkin/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const snapshot = doorSnapshot(getDb(), eventId, apiLocale(request, viewer))
  if (!snapshot) return apiError(request, 404, 'not_found', '', viewer)
  return json(snapshot)
}
