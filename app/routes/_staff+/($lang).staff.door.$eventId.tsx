// The door screen for one event: scan (camera, hardware scanner or typing), verdicts, search,
// live counts, sales at the door, and the offline list. The screen itself is a client program
// (~/checkin/client); this module checks who asks and hands it the event and the public key.
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requirePermission } from '~/accounts/session.server'
import { routeLocale } from '~/accounts/http.server'
import { DoorScreen } from '~/checkin/client/door-screen'
import { doorScreenEvent } from '~/checkin/door-screen.server'
import { getEnv } from '~/env.server'
import { getT } from '~/i18n/i18n'
import { notFound } from '~/utils/http.server'
import { getDb } from '#db/client.server'

/**
 * The site-wide policy (server.ts) plus 'wasm-unsafe-eval', for this page only: the QR ponyfill
 * compiles zxing's WebAssembly, which CSP counts as eval. The .wasm itself comes from our origin.
 * A route's own Content-Security-Policy replaces the site-wide one (server.ts), so this is all of it.
 */
function doorPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== 'production'
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['base-uri', "'self'"],
    ['script-src', `'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`],
    ['style-src', `'self'${dev ? " 'unsafe-inline'" : ''}`],
    ['img-src', "'self' data: blob:"],
    ['font-src', "'self'"],
    ['connect-src', `'self'${dev ? ' ws:' : ''}`],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
    ['media-src', "'self' blob:"],
    ['worker-src', "'self' blob:"],
    ['manifest-src', "'self'"],
  ]
  if (getEnv().PUBLIC_URL.startsWith('https:')) directives.push(['upgrade-insecure-requests', ''])
  return directives.map(([k, v]) => (v ? `${k} ${v}` : k)).join('; ')
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, 'door.admit')
  const locale = routeLocale(params)
  const id = z.coerce.number().int().positive().max(2 ** 31).safeParse(params.eventId)
  const event = id.success ? doorScreenEvent(getDb(), id.data, locale) : null
  if (!event) throw notFound(getT(locale)('errors.notFound'))
  return data(
    { event, locale, staffName: viewer.name, api: `/api/door/events/${event.id}` },
    {
      headers: {
        'Content-Security-Policy': doorPolicy(context.cspNonce ?? ''),
        // Tonight's page is staff-only: never in a shared cache. The service worker keeps its own copy.
        'Cache-Control': 'private, no-store',
      },
    },
  )
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${getT(d.locale, 'door-screen')('metaTitle')} · ${d.event.title}` : 'Door' },
  { name: 'robots', content: 'noindex' },
  { name: 'theme-color', content: '#111111' },
]

export default function DoorPage() {
  const d = useLoaderData<typeof loader>()
  return <DoorScreen event={d.event} locale={d.locale} staffName={d.staffName} api={d.api} />
}
