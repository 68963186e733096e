/**
 * Signing in over real HTTP, as a browser without JavaScript would: POST the sign-in form, keep the
 * session cookie. Use the result as the `cookie` header of later requests.
 *
 *   const cookie = await signIn(app, DEMO.staff.email, DEMO.staff.password)
 *   await fetch(`${app.url}/staff/events`, { headers: { cookie } })
 */
import { DEMO_ACCOUNTS } from '../../db/seed/accounts'

type Role = (typeof DEMO_ACCOUNTS)[number]['role']
/** The demo seed's accounts (present in every startAppServer() database, which runs in demo mode). */
export const DEMO = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, { email: a.email, password: a.password, name: a.name }])) as Record<
  Role,
  { email: string; password: string; name: string }
>

/** The `club_session=…` cookie pair from a response, or null. */
export function sessionCookieFrom(res: Response): string | null {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!
    if (pair.startsWith('club_session=') && pair !== 'club_session=') return pair
  }
  return null
}

/** Signs in with a password; returns the cookie header value. Throws if sign-in fails. */
export async function signIn(app: { url: string }, email: string, password: string): Promise<string> {
  const res = await fetch(`${app.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'password', email, password, website: '', redirectTo: '' }),
  })
  const cookie = sessionCookieFrom(res)
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: HTTP ${res.status}\n${(await res.text()).slice(0, 500)}`)
  return cookie
}

/** Signs in as one of the demo accounts. */
export function signInAs(app: { url: string }, role: Role): Promise<string> {
  return signIn(app, DEMO[role].email, DEMO[role].password)
}
