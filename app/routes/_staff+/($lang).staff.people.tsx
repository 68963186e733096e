// Admins only: people and their roles. Every grant and withdrawal is written to the audit log.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { routeLocale } from '~/accounts/http.server'
import { grantRole, listPeople, withdrawRole } from '~/accounts/roles.server'
import { GRANTABLE_ROLES } from '~/accounts/schemas'
import { requirePermission } from '~/accounts/session.server'
import { Notice } from '~/accounts/ui'
import { getT } from '~/i18n/i18n'
import { readFormData } from '~/utils/form.server'
import { badRequest } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requirePermission(request, 'people.manage')
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100)
  return { title: getT(locale, 'accounts')('staff.peopleTitle'), q, people: listPeople(getDb(), q), me: viewer.id }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

const changeSchema = z.object({
  intent: z.enum(['grant', 'withdraw']),
  userId: z.coerce.number().int().positive(),
  role: z.enum(GRANTABLE_ROLES),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = routeLocale(params)
  const viewer = await requirePermission(request, 'people.manage')
  const t = getT(locale, 'accounts')
  const parsed = changeSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) throw badRequest()
  const { intent, userId, role } = parsed.data
  const outcome = intent === 'grant' ? grantRole(viewer.id, userId, role) : withdrawRole(viewer.id, userId, role)
  if (!outcome.ok) return data({ error: t(outcome.reason === 'lastAdmin' ? 'errors.lastAdmin' : 'staff.noSuchPerson'), done: null }, { status: 400 })
  return { error: null, done: t(intent === 'grant' ? 'staff.granted' : 'staff.withdrawn') }
}

export default function People() {
  const { q, people } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation('accounts')
  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title" className="font-serif text-3xl">
        {t('staff.peopleTitle')}
      </h1>
      <p className="mt-1 text-muted">{t('staff.peopleLead')}</p>
      {a?.done ? <Notice>{a.done}</Notice> : null}
      {a?.error ? (
        <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 text-accent">
          {a.error}
        </p>
      ) : null}
      <Form method="get" role="search" className="mt-4 flex max-w-md gap-2">
        <label htmlFor="q" className="sr-only">
          {t('staff.search')}
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder={t('staff.search')} className="field-input" />
        <button type="submit" className="btn btn-secondary">
          {t('actions.search', { ns: 'common' })}
        </button>
      </Form>
      {people.length === 0 ? (
        <p className="mt-6">{t('staff.none')}</p>
      ) : (
        <ul className="mt-6 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
          {people.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 p-4" data-person={p.email ?? ''}>
              <div className="min-w-0">
                <p className="font-semibold">{p.name}</p>
                <p className="break-all text-sm text-muted">
                  {p.email}
                  {p.emailVerifiedAt ? null : ` · ${t('staff.unconfirmed')}`}
                </p>
                <p className="text-sm">
                  {t('staff.roles')}: {p.roles.map((r) => t(`account.role.${r}`)).join(', ')}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                {GRANTABLE_ROLES.map((role) => {
                  const has = p.roles.includes(role)
                  return (
                    <Form method="post" key={role}>
                      <input type="hidden" name="userId" value={p.id} />
                      <input type="hidden" name="role" value={role} />
                      <input type="hidden" name="intent" value={has ? 'withdraw' : 'grant'} />
                      <button type="submit" className={`btn ${has ? 'btn-secondary' : 'btn-primary'}`}>
                        {t(has ? 'staff.withdraw' : 'staff.grant', { role: t(`account.role.${role}`) })}
                      </button>
                    </Form>
                  )
                })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
