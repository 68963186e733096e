// One attachment of an outbox message (a ticket's QR code, an .ics file), as a download (demo mode only).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { outboxAttachment } from '~/mail/outbox-view.server'

const params = z.object({ id: z.coerce.number().int().positive(), index: z.coerce.number().int().min(0).max(100) })

export function loader({ params: raw }: LoaderFunctionArgs) {
  const p = params.safeParse(raw)
  const attachment = p.success ? outboxAttachment(p.data.id, p.data.index) : undefined
  if (!attachment) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  // The name comes from our own templates, but is quoted safely all the same (RFC 6266: ASCII fallback + UTF-8).
  const ascii = attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return new Response(attachment.content, {
    headers: {
      'Content-Type': attachment.contentType,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      'Content-Length': String(attachment.content.length),
      // Whatever the type says, the browser saves it rather than running it on our origin.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'no-store',
    },
  })
}
