// A speaker's profile: both spellings of the name, photo, bio, links, upcoming and past events.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DatedEventList, PROSE, SpeakerFace } from '~/calendar/components'
import { renderMarkdown } from '~/calendar/markdown.server'
import { jsonLdString, seoMeta } from '~/calendar/seo'
import { getSpeakerProfile } from '~/calendar/speakers.server'
import { getEnv } from '~/env.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { useNonce } from '~/ui/nonce'
import { getDb } from '#db/client.server'
import { notFound } from '~/utils/http.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const profile = getSpeakerProfile(getDb(), params.slug ?? '', locale)
  if (!profile) throw notFound()
  const tc = getT(locale)
  const publicUrl = getEnv().PUBLIC_URL
  const { bio, ...rest } = profile
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name: profile.name,
    alternateName: locale === 'ru' ? profile.nameEn : profile.nameRu,
    jobTitle: profile.role || undefined,
    url: `${publicUrl}${localePath(locale, `/speakers/${profile.slug}`)}`,
    ...(profile.photoUrl ? { image: `${publicUrl}${profile.photoUrl}` } : {}),
    sameAs: profile.links.map((l) => l.url),
  }
  return {
    locale,
    profile: rest,
    bioHtml: renderMarkdown(bio),
    jsonLd: jsonLdString(jsonLd),
    publicUrl,
    siteName: tc('club'),
    title: `${profile.name} — ${tc('club')}`,
    description: profile.role || profile.name,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? seoMeta({
        title: data.title,
        description: data.description,
        publicUrl: data.publicUrl,
        path: `/speakers/${data.profile.slug}`,
        locale: data.locale,
        siteName: data.siteName,
        image: data.profile.photoUrl,
        type: 'profile',
      })
    : []

export default function SpeakerPage() {
  const { profile, bioHtml, jsonLd } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  const nonce = useNonce()
  const other = locale === 'ru' ? profile.nameEn : profile.nameRu
  return (
    <article aria-labelledby="speaker-name">
      <script type="application/ld+json" nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <p className="text-sm">
        <LocaleLink to="/speakers" className="link">
          ← {t('speakers.title')}
        </LocaleLink>
      </p>
      <header className="mt-4 flex flex-col gap-6 sm:flex-row sm:items-center">
        <SpeakerFace name={profile.name} photoUrl={profile.photoUrl} size="lg" />
        <div>
          <h1 id="speaker-name" className="font-serif text-4xl">
            {profile.name}
          </h1>
          {other && other !== profile.name ? (
            <p className="mt-1 text-xl text-muted" lang={locale === 'ru' ? 'en' : 'ru'}>
              {other}
            </p>
          ) : null}
          {profile.role ? <p className="mt-2 text-lg">{profile.role}</p> : null}
        </div>
      </header>
      {bioHtml ? <div className={`mt-6 max-w-3xl text-lg ${PROSE}`} dangerouslySetInnerHTML={{ __html: bioHtml }} /> : null}
      {profile.links.length > 0 ? (
        <section aria-labelledby="links-title" className="mt-6">
          <h2 id="links-title" className="sr-only">
            {t('speakers.links')}
          </h2>
          <ul className="flex flex-wrap gap-2">
            {profile.links.map((l) => (
              <li key={l.url}>
                <a href={l.url} rel="nofollow noopener noreferrer me" className="btn btn-secondary text-sm">
                  {t(`speakers.link.${l.kind}`, { defaultValue: t('speakers.link.other') })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="upcoming-title" className="mt-10">
        <h2 id="upcoming-title" className="font-serif text-2xl">
          {t('speakers.upcomingEvents')}
        </h2>
        {profile.upcoming.length === 0 ? (
          <p className="mt-2 text-muted">{t('speakers.noUpcoming')}</p>
        ) : (
          <DatedEventList events={profile.upcoming} locale={locale} t={t} />
        )}
      </section>
      {profile.past.length > 0 ? (
        <section aria-labelledby="past-title" className="mt-10">
          <h2 id="past-title" className="font-serif text-2xl">
            {t('speakers.pastEvents')}
          </h2>
          <DatedEventList events={profile.past} locale={locale} t={t} />
        </section>
      ) : null}
    </article>
  )
}
