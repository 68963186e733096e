// /sitemap.xml: the calendar, the speakers and every public event and profile, in both languages.
// Built from slugs only: nothing about places can appear here.
import { listSitemapEvents } from '~/calendar/events.server'
import { listSitemapSpeakers } from '~/calendar/speakers.server'
import { getEnv } from '~/env.server'
import { localePath } from '~/i18n/locale'
import { getDb } from '#db/client.server'

function xml(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function loader() {
  const base = getEnv().PUBLIC_URL
  const db = getDb()
  const pages: { path: string; lastmod?: number }[] = [
    { path: '/' },
    { path: '/events' },
    { path: '/events/archive' },
    { path: '/speakers' },
    ...listSitemapEvents(db).map((e) => ({ path: `/events/${e.slug}`, lastmod: e.updatedAt })),
    ...listSitemapSpeakers(db).map((s) => ({ path: `/speakers/${s.slug}`, lastmod: s.updatedAt })),
  ]
  const urls = pages.flatMap((p) =>
    (['en', 'ru'] as const).map((locale) => {
      const alternates = (['en', 'ru'] as const)
        .map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${xml(base + localePath(l, p.path))}"/>`)
        .join('')
      const lastmod = p.lastmod ? `<lastmod>${new Date(p.lastmod).toISOString()}</lastmod>` : ''
      return `<url><loc>${xml(base + localePath(locale, p.path))}</loc>${lastmod}${alternates}</url>`
    }),
  )
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } })
}
