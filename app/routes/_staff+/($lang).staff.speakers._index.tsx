// Staff: every speaker.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SpeakerFace } from '~/calendar/components'
import { speakerPhotoUrl } from '~/calendar/events.server'
import { listSpeakersForStaff } from '~/calendar/speakers.server'
import { staffPageTitle, startStaffPage } from '~/calendar/staff-edit.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { StaffHeader, staffMeta } from '~/ui/staff-header'
import { getDb } from '#db/client.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale } = await startStaffPage(params, request)
  return {
    speakers: listSpeakersForStaff(getDb()).map((s) => ({ ...s, photoUrl: speakerPhotoUrl(s.photoPath) })),
    title: staffPageTitle(locale, 'staff.speakers'),
  }
}

export const meta: MetaFunction<typeof loader> = staffMeta

export default function StaffSpeakers() {
  const { speakers } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const locale = useLocale()
  return (
    <>
      <StaffHeader title={t('staff.speakers')} create={{ to: '/staff/speakers/new', label: t('staff.newSpeaker') }} />
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
