// /events/<slug>/calendar.ics: one event for "add to calendar". A hidden address stays hidden.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getFeedEvent } from '~/calendar/events.server'
import { eventIcs } from '~/calendar/ical.server'
import { getEnv } from '~/env.server'
import { localeFromParam } from '~/i18n/locale'
import { getDb } from '#db/client.server'

export function loader({ params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  const event = locale ? getFeedEvent(getDb(), params.slug ?? '') : null
  if (!locale || !event) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(eventIcs(event, getEnv().PUBLIC_URL, locale), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${event.slug}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  })
}
