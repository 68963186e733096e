// /speakers: every speaker, name in the reader's script with the other beside it.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SpeakerFace } from '~/calendar/components'
import { seoMeta } from '~/calendar/seo'
import { listPublicSpeakers } from '~/calendar/speakers.server'
import { getEnv } from '~/env.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink } from '~/ui/locale-link'
import { getDb } from '#db/client.server'
import { notFound } from '~/utils/http.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const t = getT(locale, 'calendar')
  const tc = getT(locale)
  return {
    locale,
    speakers: listPublicSpeakers(getDb(), locale),
    publicUrl: getEnv().PUBLIC_URL,
    title: `${t('speakers.title')} — ${tc('club')}`,
    description: t('speakers.lead'),
    siteName: tc('club'),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? seoMeta({ title: data.title, description: data.description, publicUrl: data.publicUrl, path: '/speakers', locale: data.locale, siteName: data.siteName }) : []

export default function Speakers() {
  const { speakers } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  return (
    <>
      <h1 className="font-serif text-4xl">{t('speakers.title')}</h1>
      <p className="mt-2 max-w-2xl text-muted">{t('speakers.lead')}</p>
      {speakers.length === 0 ? (
        <p className="mt-6">{t('speakers.none')}</p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {speakers.map((s) => (
            <li key={s.slug} className="flex items-center gap-4 rounded-lg border border-ink/10 bg-white p-4 shadow-sm">
              <SpeakerFace name={s.name} photoUrl={s.photoUrl} />
              <div className="min-w-0">
                <h2 className="font-serif text-lg leading-snug">
                  <LocaleLink to={`/speakers/${s.slug}`} className="hover:underline">
                    {s.name}
                  </LocaleLink>
                </h2>
                {s.nameOther !== s.name ? <p className="text-sm text-muted">{s.nameOther}</p> : null}
                {s.role ? <p className="text-sm">{s.role}</p> : null}
                {s.upcoming > 0 ? <p className="mt-1 text-xs font-semibold text-accent">{t('speakers.upcoming', { count: s.upcoming })}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
