// Signing out is a POST (a link or an image elsewhere cannot sign anyone out). The session ends on the server.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { endSession } from '~/accounts/session.server'
import { routeLocale } from '~/accounts/http.server'
import { localePath } from '~/i18n/locale'

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const cookie = await endSession(request)
  // "storage" takes the door's offline list (IndexedDB), its queue and its service worker off this
  // device: a phone that leaves the door signed out carries no guest names.
  throw redirect(`${localePath(locale, '/login')}?notice=signedOut`, { headers: { 'Set-Cookie': cookie, 'Clear-Site-Data': '"storage"' } })
}

export function loader({ params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  throw redirect(localePath(locale, '/account'))
}
