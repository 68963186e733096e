// GET /api/door/events/:eventId/search?q=: tonight's tickets by name (either alphabet), email or order code.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { doorEvent, searchDoor } from '~/checkin/door.server'
import { apiError, apiLocale, describeIssues, eventIdParam, json, requireDoorApi } from '~/checkin/http.server'

const query = z.string().trim().min(1).max(100)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const parsed = query.safeParse(new URL(request.url).searchParams.get('q') ?? '')
  if (!parsed.success) return apiError(request, 400, 'bad_request', describeIssues(parsed.error.issues), viewer)
  const db = getDb()
  if (!doorEvent(db, eventId)) return apiError(request, 404, 'not_found', '', viewer)
  return json({ results: searchDoor(db, eventId, parsed.data, apiLocale(request, viewer)) })
}
