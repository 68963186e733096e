/**
 * GET /api/door/events/:eventId/stream: Server-Sent Events for one door screen. `counts` on connect
 * and within a second of any admission, undo or walk-in on any device; `checkin` for each of
 * them, so other screens update their offline list; a comment every 15 s keeps proxies from
 * closing an idle stream. `Cache-Control: no-transform` keeps the compression middleware from
 * buffering it (CHECKIN.md). The session is checked again at each heartbeat: a signed-out or
 * revoked device stops hearing names.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { getViewer, viewerCan } from '~/accounts/session.server'
import { doorCounts, doorEvent } from '~/checkin/door.server'
import { apiError, apiLocale, eventIdParam, requireDoorApi } from '~/checkin/http.server'
import { subscribe, type DoorMessage } from '~/checkin/live.server'

const HEARTBEAT_MS = 15_000

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireDoorApi(request)
  const eventId = eventIdParam(request, params.eventId, viewer)
  const db = getDb()
  if (!doorEvent(db, eventId)) return apiError(request, 404, 'not_found', '', viewer)
  const locale = apiLocale(request, viewer)
  const encoder = new TextEncoder()
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true
      const write = (text: string) => {
        if (!open) return
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          stop()
        }
      }
      const send = (m: DoorMessage) => write(`event: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`)
      const unsubscribe = subscribe(eventId, { locale, send })
      const heartbeat = setInterval(() => {
        void getViewer(request).then((still) => {
          if (still && still.id === viewer.id && viewerCan(still, 'door.admit')) write(`: ${Date.now()}\n\n`)
          else stop()
        }, stop)
      }, HEARTBEAT_MS)
      stop = () => {
        if (!open) return
        open = false
        clearInterval(heartbeat)
        unsubscribe()
        request.signal.removeEventListener('abort', stop)
        try {
          controller.close()
        } catch {
          // Already closed by the client going away.
        }
      }
      request.signal.addEventListener('abort', stop)
      write('retry: 2000\n\n')
      send({ type: 'counts', data: doorCounts(db, eventId, locale) })
    },
    cancel() {
      stop()
    },
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  })
}
