// The HTML of one outbox message, as the recipient's mail client would show it (demo mode only).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getOutboxMessage, outboxHtmlWithInlineImages } from '~/mail/outbox-view.server'

export function loader({ params }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id)
  const message = id.success ? getOutboxMessage(id.data) : undefined
  if (!message) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
  return new Response(outboxHtmlWithInlineImages(message), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // Mail HTML is untrusted as far as this page is concerned: no script, no outside requests.
      'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'",
      'Cache-Control': 'no-store',
    },
  })
}
