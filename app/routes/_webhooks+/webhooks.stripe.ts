// Stripe's webhooks. The signature is checked on the raw body; a forged, altered or stale one is a
// 400 and changes nothing (a timestamp more than 300 s away, past or future, is stale). Each event's effect happens once however often it is delivered.
import type { ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { WEBHOOK_BYTES } from '~/http/body-limit.server'
import { parsePaymentEvent, type PaymentEvent } from '~/payments/checkout.server'
import { publicOrigin } from '~/accounts/links.server'
import { handleMembershipEvent } from '~/membership/webhooks.server'
import { handlePaymentEvent } from '~/ticketing/fulfil.server'
import { readLimited, TooLarge } from '~/utils/form.server'

export function loader() {
  return new Response('Not found', { status: 404 })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405 })
  // The server refuses larger bodies before Remix (app/http/body-limit.server.ts); this is the second guard.
  let raw: string
  try {
    raw = new TextDecoder().decode(await readLimited(request, WEBHOOK_BYTES))
  } catch (error) {
    if (error instanceof TooLarge) return Response.json({ error: 'too large' }, { status: 413 })
    return new Response('Unreadable body', { status: 400 })
  }
  let event: PaymentEvent
  try {
    event = parsePaymentEvent(raw, request.headers.get('stripe-signature'))
  } catch {
    return new Response('Invalid signature', { status: 400 })
  }
  // An error here is a 500, so Stripe delivers again; the effect is still once (event ids, forward-only states).
  // One webhook, several owners: subscriptions and invoices are membership's, the rest ticketing's.
  const outcome = event.type === 'membership' ? await handleMembershipEvent(getDb(), event, publicOrigin(request)) : await handlePaymentEvent(getDb(), event)
  return Response.json({ received: true, outcome })
}
