// POST /api/door/events/:eventId/undo: take an admission back, within the event's night.
import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { undoCheckIn } from '~/checkin/door.server'
import { apiError, describeIssues, eventIdParam, json, readJson, requireDoorApi } from '~/checkin/http.server'
import { doorDeviceId, doorNonce } from '~/checkin/schemas'

const body = z.object({ ticketId: z.number().int().positive().max(2 ** 31), nonce: doorNonce, deviceId: doorDeviceId })

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const parsed = body.safeParse(await readJson(request, viewer))
  if (!parsed.success) return apiError(request, 400, 'bad_request', describeIssues(parsed.error.issues), viewer)
  const answer = undoCheckIn(getDb(), { eventId, ...parsed.data }, { userId: viewer.id, name: viewer.name })
  if (!answer) return apiError(request, 404, 'not_found', '', viewer)
  return json(answer.body, answer.httpStatus)
}
