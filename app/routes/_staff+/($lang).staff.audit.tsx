// Admins only: the audit log, newest first, a page at a time.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { AUDIT_PAGE_SIZE, listAudit } from '~/accounts/audit.server'
import { routeLocale } from '~/accounts/http.server'
import { requirePermission } from '~/accounts/session.server'
import { formatShortDateTime } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  await requirePermission(request, 'audit.view')
  const before = Number(new URL(request.url).searchParams.get('before'))
  const entries = listAudit(getDb(), Number.isSafeInteger(before) && before > 0 ? before : undefined)
  return { title: getT(locale, 'accounts')('staff.auditTitle'), entries, more: entries.length === AUDIT_PAGE_SIZE }
}

/** Nothing to post here; the role is checked first all the same. */
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'audit.view')
  throw notFound()
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

export default function Audit() {
  const { entries, more } = useLoaderData<typeof loader>()
  const { t } = useTranslation('accounts')
  // i18next treats the dots in codes (`role.granted`) as nesting, and the labels are nested so.
  const { t: audit } = useTranslation('audit')
  const locale = useLocale()
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title" className="font-serif text-3xl">
        {t('staff.auditTitle')}
      </h1>
      <p className="mt-1 text-muted">{t('staff.auditLead')}</p>
      {entries.length === 0 ? (
        <p className="mt-6">{t('staff.auditEmpty')}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg border border-ink/10 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-ink/10 bg-ink/5">
              <tr>
                <th scope="col" className="p-2">{t('staff.at')}</th>
                <th scope="col" className="p-2">{t('staff.actor')}</th>
                <th scope="col" className="p-2">{t('staff.action')}</th>
                <th scope="col" className="p-2">{t('staff.subject')}</th>
                <th scope="col" className="p-2">{t('staff.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-b border-ink/5 align-top">
                  <td className="p-2 whitespace-nowrap">{formatShortDateTime(e.at, locale)}</td>
                  <td className="p-2">{e.actorUserId ? `${e.actorName ?? ''} (#${e.actorUserId})` : t('staff.system')}</td>
                  <td className="p-2">
                    {/* The label in the reader's language; the stored code below it, for searching and for support. */}
                    <span title={e.action}>{audit(`actions.${e.action}`, { defaultValue: e.action })}</span>
                    <code className="block text-xs text-muted">{e.action}</code>
                  </td>
                  <td className="p-2">{e.subjectType ? `${audit(`subjects.${e.subjectType}`, { defaultValue: e.subjectType })} #${e.subjectId ?? ''}` : ''}</td>
                  <td className="p-2 font-mono break-all">{e.details ? JSON.stringify(e.details) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? (
        <p className="mt-4">
          <LocaleLink to={`/staff/audit?before=${entries[entries.length - 1]!.id}`} className="link">
            {t('staff.older')}
          </LocaleLink>
        </p>
      ) : null}
    </section>
  )
}
