// The event of a paid order as an .ics file, with the address (the holder may know it).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { getViewer, viewerCan } from '~/accounts/session.server'
import { localeFromParam } from '~/i18n/locale'
import { ownBaseUrl } from '~/payments/stripe.server'
import { eventIcs, orderUrl } from '~/ticketing/emails.server'
import { orderByCode } from '~/ticketing/pages.server'
import { readOrderDetail } from '~/ticketing/tickets-view.server'

// A resource route: a thrown `data()` became a 404 carrying {"message":"Unexpected Server Error"}.
// The same plain answer for an unknown code, an unpaid order and someone else's: nothing is confirmed.
const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) return notFound()
  const db = getDb()
  const order = orderByCode(db, params.code ?? '')
  if (!order || (order.status !== 'paid' && order.status !== 'partially_refunded')) return notFound()
  const viewer = await getViewer(request)
  if (order.userId !== null && viewer && viewer.id !== order.userId && !viewerCan(viewer, 'orders.view')) return notFound()
  const detail = readOrderDetail(db, order.id)!
  // Like the order page: a hidden address only once the holder proved the email is theirs (it is in their email).
  const body = eventIcs(detail, locale, orderUrl(ownBaseUrl(), locale, order.code), order.emailConfirmedAt !== null)
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${detail.event.slug}.ics"`,
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'no-referrer',
    },
  })
}
