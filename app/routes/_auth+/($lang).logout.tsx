// Signing out is a POST (a link or an image elsewhere cannot sign anyone out). The session ends on the server.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { endSession } from '~/accounts/session.server'
import { routeLocale } from '~/accounts/http.server'
import { localePath } from '~/i18n/locale'

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const cookie = await endSession(request)
  throw redirect(`${localePath(locale, '/login')}?notice=signedOut`, { headers: { 'Set-Cookie': cookie } })
}

export function loader({ params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  throw redirect(localePath(locale, '/account'))
}
