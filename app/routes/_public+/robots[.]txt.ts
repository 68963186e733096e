// /robots.txt: the public programme is for search engines; accounts, staff pages and the demo outbox are not.
import { getEnv } from '~/env.server'

export function loader() {
  const base = getEnv().PUBLIC_URL
  const privatePaths = ['/staff', '/account', '/login', '/outbox', '/orders', '/checkin', '/membership/manage']
  const lines = [
    'User-agent: *',
    'Allow: /',
    ...privatePaths.flatMap((p) => [`Disallow: ${p}`, `Disallow: /ru${p}`]),
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ]
  return new Response(lines.join('\n'), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } })
}
