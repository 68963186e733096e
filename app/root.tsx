import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { getViewer } from './accounts/session.server'
import { getEnv } from './env.server'
import { getI18n } from './i18n/i18n'
import { localeFromParam, localeFromPathname } from './i18n/locale'
import appCss from './styles/app.css?url'
import { SiteFooter, SiteHeader } from './ui/layout'
import { useNonce } from './ui/nonce'
import { LocaleLink, useLocale } from './ui/locale-link'
import { formatBytes } from './http/bytes'
import { notFound } from './utils/http.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ params, request }: LoaderFunctionArgs) {
  // Every page lives under an optional ($lang) segment: /events or /ru/events. Any other prefix is not ours.
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const env = getEnv()
  const viewer = await getViewer(request)
  return { locale, demoMode: env.DEMO_MODE, viewer: viewer ? { name: viewer.name, roles: viewer.roles } : null }
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>

export const meta: MetaFunction = () => [{ name: 'color-scheme', content: 'light' }]

/** The shell of every page, the error pages included: language comes from the URL, never from state. */
export function Layout({ children }: { children: ReactNode }) {
  const location = useLocation()
  const locale = localeFromPathname(location.pathname)
  const data = useRouteLoaderData<RootLoaderData>('root')
  const nonce = useNonce()
  const i18n = getI18n(locale)
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-paper text-ink antialiased">
        <I18nextProvider i18n={i18n}>
          <SiteHeader locale={locale} demoMode={data?.demoMode ?? false} viewer={data?.viewer ?? null} />
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none sm:px-6">
            {children}
          </main>
          <SiteFooter />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const locale = useLocale()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const key =
    status === 404 ? 'notFound' : status === 400 ? 'badRequest' : status === 403 ? 'forbidden' : 'error'
  // A message we chose to show (e.g. "that link has expired") travels as the response's data;
  // anything else, a stack trace above all, is never shown.
  const detail =
    isRouteErrorResponse(error) && status < 500 && typeof error.data === 'string' && error.data ? error.data : null
  if (status === 413) {
    // A body over its address's limit (app/utils/form.server.ts): say how much is accepted.
    const limit = isRouteErrorResponse(error) && typeof error.data?.limit === 'number' ? (error.data.limit as number) : 0
    return <ErrorText status={status} title={t('tooLarge.title', { ns: 'http' })} body={t('tooLarge.body', { ns: 'http', limit: formatBytes(limit, locale) })} />
  }
  return <ErrorText status={status} title={t(`errors.${key}Title`)} body={detail ?? t(`errors.${key}`)} />
}

function ErrorText({ status, title, body }: { status: number; title: string; body: string }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-xl py-12">
      <p className="text-sm font-semibold uppercase tracking-wide text-accent">{status}</p>
      <h1 id="error-title" className="mt-2 font-serif text-3xl">
        {title}
      </h1>
      <p className="mt-4 text-lg">{body}</p>
      <p className="mt-8">
        <LocaleLink to="/" className="link">
          {t('errors.backHome')}
        </LocaleLink>
      </p>
    </section>
  )
}
