// POST /api/door/events/:eventId/redeem: one scan or tap at the door (README: "The door API").
import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { redeem } from '~/checkin/door.server'
import { apiError, apiLocale, describeIssues, eventIdParam, json, readJson, requireDoorApi } from '~/checkin/http.server'
import { doorNonce, doorDeviceId } from '~/checkin/schemas'

const body = z
  .object({
    // Anything a scanner can type, up to a sane length: garbage is judged "unknown", not a 400.
    code: z.string().min(1).max(1000).optional(),
    ticketId: z.number().int().positive().max(2 ** 31).optional(),
    nonce: doorNonce,
    deviceId: doorDeviceId,
    scannedAt: z.number().int().nonnegative().max(8.64e15).optional(),
    offline: z.boolean().optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.ticketId === undefined), { message: 'send exactly one of code and ticketId' })

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const parsed = body.safeParse(await readJson(request, viewer))
  if (!parsed.success) return apiError(request, 400, 'bad_request', describeIssues(parsed.error.issues), viewer)
  const answer = await redeem(getDb(), { eventId, ...parsed.data, locale: apiLocale(request, viewer) }, { userId: viewer.id, name: viewer.name })
  if (!answer) return apiError(request, 404, 'not_found', '', viewer)
  return json(answer.body, answer.httpStatus)
}
