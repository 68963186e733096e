/** Meta tags for link previews and search engines: Open Graph, canonical and hreflang alternates. */
import type { MetaDescriptor } from '@remix-run/node'
import type { Locale } from '~/i18n/locale'
import { localePath } from '~/i18n/locale'

export type SeoInput = {
  title: string
  description: string
  publicUrl: string
  /** The path in English form, e.g. `/events/x`; the Russian one is derived. */
  path: string
  locale: Locale
  image?: string | null
  type?: 'website' | 'profile' | 'article'
  siteName: string
  noindex?: boolean
}

export function seoMeta(s: SeoInput): MetaDescriptor[] {
  const url = `${s.publicUrl}${localePath(s.locale, s.path)}`
  const out: MetaDescriptor[] = [
    { title: s.title },
    { name: 'description', content: s.description },
    { property: 'og:title', content: s.title },
    { property: 'og:description', content: s.description },
    { property: 'og:type', content: s.type ?? 'website' },
    { property: 'og:url', content: url },
    { property: 'og:site_name', content: s.siteName },
    { property: 'og:locale', content: s.locale === 'ru' ? 'ru_RU' : 'en_GB' },
    { property: 'og:locale:alternate', content: s.locale === 'ru' ? 'en_GB' : 'ru_RU' },
    { name: 'twitter:card', content: s.image ? 'summary' : 'summary' },
    { tagName: 'link', rel: 'canonical', href: url },
    { tagName: 'link', rel: 'alternate', hrefLang: 'en', href: `${s.publicUrl}${localePath('en', s.path)}` },
    { tagName: 'link', rel: 'alternate', hrefLang: 'ru', href: `${s.publicUrl}${localePath('ru', s.path)}` },
    { tagName: 'link', rel: 'alternate', hrefLang: 'x-default', href: `${s.publicUrl}${localePath('en', s.path)}` },
  ]
  if (s.image) out.push({ property: 'og:image', content: s.image.startsWith('http') ? s.image : `${s.publicUrl}${s.image}` })
  if (s.noindex) out.push({ name: 'robots', content: 'noindex' })
  return out
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the script. */
export function jsonLdString(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
