// Staff: every speaker.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '~/accounts/session.server'
import { SpeakerFace } from '~/calendar/components'
import { speakerPhotoUrl } from '~/calendar/events.server'
import { listSpeakersForStaff } from '~/calendar/speakers.server'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { getDb } from '#db/client.server'
import { notFound } from '~/utils/http.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  await requirePermission(request, 'programme.edit')
  return {
    speakers: listSpeakersForStaff(getDb()).map((s) => ({ ...s, photoUrl: speakerPhotoUrl(s.photoPath) })),
    title: `${getT(locale, 'calendar')('staff.speakers')} — ${getT(locale)('club')}`,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

export default function StaffSpeakers() {
  const { speakers } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-serif text-3xl">{t('staff.speakers')}</h1>
        <LocaleLink to="/staff/speakers/new" className="btn btn-primary">
          {t('staff.newSpeaker')}
        </LocaleLink>
      </div>
      {speakers.length === 0 ? (
        <p className="mt-4">{t('staff.noSpeakers')}</p>
      ) : (
        <ul className="mt-4 grid gap-2 sm:grid-cols-2">
          {speakers.map((s) => (
            <li key={s.id} className="flex items-center gap-3 rounded border border-ink/10 bg-white p-2">
              <SpeakerFace name={s.nameEn} photoUrl={s.photoUrl} size="sm" />
              <LocaleLink to={`/staff/speakers/${s.id}`} className="link">
                {locale === 'ru' ? s.nameRu : s.nameEn}
              </LocaleLink>
              <span className="text-sm text-muted">{locale === 'ru' ? s.nameEn : s.nameRu}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
