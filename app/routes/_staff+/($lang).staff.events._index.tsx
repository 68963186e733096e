// Staff: every event, drafts included, newest first.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listEventsForStaff } from '~/calendar/events.server'
import { formatShortDateTime, formatZone } from '~/i18n/format'
import { staffPageTitle, startStaffPage } from '~/calendar/staff-edit.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { StaffHeader, staffMeta } from '~/ui/staff-header'
import { getDb } from '#db/client.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale } = await startStaffPage(params, request)
  return { events: listEventsForStaff(getDb()), title: staffPageTitle(locale, 'staff.events') }
}

export const meta: MetaFunction<typeof loader> = staffMeta

export default function StaffEvents() {
  const { events } = useLoaderData<typeof loader>()
  const { t } = useTranslation('calendar')
  const { t: tt } = useTranslation('ticketing')
  const locale = useLocale()
  return (
    <>
      <StaffHeader title={t('staff.events')} create={{ to: '/staff/events/new', label: t('staff.newEvent') }} />
      {events.length === 0 ? (
        <p className="mt-4">{t('staff.noEvents')}</p>
      ) : (
        // On a phone the "when" and "status" columns fold into a line above the title, so nothing
        // is cut off at the screen's edge; from sm up they are columns again.
        <table className="mt-4 w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-ink/20 text-sm text-muted">
              <th scope="col" className="hidden py-2 pr-3 sm:table-cell">{t('staff.columns.when')}</th>
              <th scope="col" className="py-2 pr-3">{t('staff.columns.title')}</th>
              <th scope="col" className="hidden py-2 sm:table-cell">{t('staff.columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const when = `${formatShortDateTime(e.startsAt, locale)} ${formatZone(e.startsAt)}`
              const status = t(`staff.status.${e.status}`)
              return (
                <tr key={e.id} className="border-b border-ink/10">
                  <td className="hidden whitespace-nowrap py-2 pr-3 text-sm sm:table-cell">{when}</td>
                  <td className="py-2 pr-3">
                    <span className="block text-sm text-muted sm:hidden">
                      {when} · {status}
                    </span>
                    <LocaleLink to={`/staff/events/${e.id}`} className="link">
                      {locale === 'ru' ? e.titleRu : e.titleEn}
                    </LocaleLink>
                    {e.addressHidden ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-950">{t('staff.hiddenBadge')}</span> : null}
                    {/* Ticketing's pages for this event (orders, ticket types and capacity). */}
                    <span className="mt-1 block text-sm">
                      <LocaleLink to={`/staff/events/${e.slug}/orders`} className="link">
                        {tt('staff.toOrders')}
                      </LocaleLink>
                      {' · '}
                      <LocaleLink to={`/staff/events/${e.slug}/tickets`} className="link">
                        {tt('staff.toTickets')}
                      </LocaleLink>
                    </span>
                  </td>
                  <td className="hidden py-2 text-sm sm:table-cell">{status}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </>
  )
}
