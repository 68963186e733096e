// POST /api/door/events/:eventId/walk-in: sell tickets at the door (cash or card reader) and admit the buyers at once.
import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { DOOR_PAYMENTS } from '#db/schema'
import { apiError, apiLocale, describeIssues, eventIdParam, json, readJson, requireDoorApi } from '~/checkin/http.server'
import { doorDeviceId, doorNonce } from '~/checkin/schemas'
import { sellAtDoor } from '~/checkin/walk-in.server'
import { formatMoney } from '~/i18n/format'
import { getI18n } from '~/i18n/i18n'

const body = z.object({
  ticketTypeId: z.number().int().positive().max(2 ** 31),
  quantity: z.number().int().min(1).max(20),
  holderName: z.string().trim().max(120).optional(),
  payment: z.enum(DOOR_PAYMENTS),
  amountPence: z.number().int().min(0).max(10_000_000),
  nonce: doorNonce,
  deviceId: doorDeviceId,
})

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const parsed = body.safeParse(await readJson(request, viewer))
  if (!parsed.success) return apiError(request, 400, 'bad_request', describeIssues(parsed.error.issues), viewer)
  const locale = apiLocale(request, viewer)
  const { holderName, ...rest } = parsed.data
  const answer = sellAtDoor(getDb(), { eventId, ...rest, holderName: holderName || null, locale }, { userId: viewer.id, name: viewer.name })
  if (!answer) return apiError(request, 404, 'not_found', '', viewer)
  if (answer.ok) return json(answer.body)
  const t = getI18n(locale).getFixedT(null, 'door')
  const error = answer.error
  const expected = error.code === 'amount_mismatch' ? formatMoney(error.expectedPence, error.currency, locale) : ''
  return json({ status: 'refused', reason: error.code, message: t(`walkIn.errors.${error.code}`, { expected }), ...(error.code === 'amount_mismatch' ? { expectedPence: error.expectedPence } : {}) }, 409)
}
