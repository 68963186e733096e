/**
 * The top of a back-office page: an optional way back, the page's one <h1>, what can be done from
 * here (a button, a status, a link to the public page) and an optional lead. One component, so every
 * staff page starts the same way on a phone: the actions wrap under the title instead of pushing it
 * off the screen.
 *
 *   <StaffHeader title={t('staff.events')} create={{ to: '/staff/events/new', label: t('staff.newEvent') }} />
 *   <StaffHeader back={{ to: '/staff/events', label: t('staff.events') }} title={t('staff.editEvent')} />
 *   <StaffHeader id="audit-title" title={t('staff.auditTitle')} lead={t('staff.auditLead')} />
 */
import type { ReactNode } from 'react'
import { LocaleLink } from './locale-link'

export function StaffHeader({
  title,
  back,
  create,
  actions,
  lead,
  id,
}: {
  title: ReactNode
  /** A link back to the list this page belongs to; `to` without the language prefix. */
  back?: { to: string; label: string }
  /** A list's main action, as its primary button: "New event". */
  create?: { to: string; label: string }
  actions?: ReactNode
  lead?: ReactNode
  /** The <h1>'s id, for a section's aria-labelledby. */
  id?: string
}) {
  return (
    <div>
      {back ? (
        <p className="mb-2 text-sm">
          <LocaleLink to={back.to} className="link">
            ← {back.label}
          </LocaleLink>
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id={id} className="min-w-0 break-words font-serif text-3xl">
          {title}
        </h1>
        {actions || create ? (
          <div className="flex flex-wrap items-center gap-3">
            {actions}
            {create ? (
              <LocaleLink to={create.to} className="btn btn-primary">
                {create.label}
              </LocaleLink>
            ) : null}
          </div>
        ) : null}
      </div>
      {lead ? <p className="mt-1 text-muted">{lead}</p> : null}
    </div>
  )
}

/** Every back-office page's <head>: its title, and never in a search engine. */
export function staffMeta({ data }: { data?: { title: string } }) {
  return [{ title: data?.title }, { name: 'robots', content: 'noindex' }]
}
