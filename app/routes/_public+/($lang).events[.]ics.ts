// /events.ics (and /ru/events.ics): a subscribable feed of every public event from 90 days ago on.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { listFeedEvents } from '~/calendar/events.server'
import { feedIcs } from '~/calendar/ical.server'
import { getEnv } from '~/env.server'
import { localeFromParam } from '~/i18n/locale'
import { getDb } from '#db/client.server'

export function loader({ params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const events = listFeedEvents(getDb(), { since: Date.now() - 90 * 24 * 3600 * 1000 })
  return new Response(feedIcs(events, getEnv().PUBLIC_URL, locale), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="open-russia-club.ics"',
      'Cache-Control': 'public, max-age=300',
    },
  })
}
