// Members for staff: figures, a filtered list with each member's history, the CSV export, and
// honorary memberships granted and ended by hand (audited).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { publicOrigin } from '~/accounts/links.server'
import { requirePermission } from '~/accounts/session.server'
import { formatDate, formatMoney } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'
import { kickMailer } from '~/mail/outbox.server'
import { sweepMemberships } from '~/membership/memberships.server'
import { listAllPlans } from '~/membership/plans.server'
import { endHonorary, filterSchema, grantHonorary, grantSchema, listMembers, memberHistory, membershipFigures } from '~/membership/staff.server'
import { MEMBERSHIP_STATES as STATES } from '~/membership/constants'
import { useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  await requirePermission(request, 'members.view')
  const db = getDb()
  // Time alone ends grace periods and honorary grants: write those down before showing anything.
  sweepMemberships(db, { baseUrl: publicOrigin(request) })
  const url = new URL(request.url)
  const filter = filterSchema.parse(Object.fromEntries(url.searchParams))
  const members = listMembers(db, filter).slice(0, 200)
  return {
    pageTitle: getT(locale, 'membership')('staff.title'),
    filter,
    plans: listAllPlans(db).map((p) => ({ slug: p.slug, name: locale === 'ru' ? p.nameRu : p.nameEn })),
    figures: membershipFigures(db),
    members: members.map((r) => ({
      id: r.m.id,
      name: r.name,
      email: r.email,
      plan: locale === 'ru' ? r.planRu : r.planEn,
      state: r.state,
      source: r.m.source,
      concessionKind: r.m.concessionKind,
      since: r.m.startedAt,
      until: r.validUntil,
      history: memberHistory(db, r.m.id).map((h) => ({ id: h.id, at: h.at, kind: h.kind })),
    })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }, { name: 'robots', content: 'noindex' }]

const actionSchema = () => z.discriminatedUnion('intent', [grantSchema.extend({ intent: z.literal('grant') }), z.object({ intent: z.literal('end'), membershipId: z.coerce.number().int().positive() })])

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const viewer = await requirePermission(request, 'members.view')
  const parsed = actionSchema().safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ ok: false as const, error: 'bad_input' }, { status: 400 })
  const db = getDb()
  if (parsed.data.intent === 'end') {
    const r = endHonorary(db, parsed.data.membershipId, viewer.id)
    return r.ok ? { ok: true as const, done: 'ended' } : data({ ok: false as const, error: r.error }, { status: 400 })
  }
  const r = grantHonorary(db, parsed.data, viewer.id, publicOrigin(request))
  if (!r.ok) return data({ ok: false as const, error: r.error }, { status: 400 })
  kickMailer()
  return { ok: true as const, done: 'granted' }
}

export default function StaffMembers() {
  const { filter, plans, figures, members } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation('membership')
  const locale = useLocale()
  const date = (ms: number | null) => (ms ? formatDate(ms, locale) : '—')
  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title" className="font-serif text-2xl">
        {t('staff.title')}
      </h1>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className="mt-3 rounded border border-ink/10 bg-white p-3 font-semibold">
          {result.ok ? t(`staff.${result.done}`) : t(`staff.errors.${result.error}`)}
        </p>
      ) : null}
      <h2 className="mt-4 font-serif text-xl">{t('staff.figures')}</h2>
      <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
        <div className="rounded border border-ink/10 bg-white p-3">
          <dt className="text-sm text-muted">{t('staff.joinedThisMonth')}</dt>
          <dd className="text-2xl" data-testid="joined">{figures.joined}</dd>
        </div>
        <div className="rounded border border-ink/10 bg-white p-3">
          <dt className="text-sm text-muted">{t('staff.lapsedThisMonth')}</dt>
          <dd className="text-2xl">{figures.lapsed}</dd>
        </div>
        <div className="rounded border border-ink/10 bg-white p-3">
          <dt className="text-sm text-muted">{t('staff.mrr')}</dt>
          <dd className="text-2xl" data-testid="mrr">{formatMoney(figures.mrrPence, 'GBP', locale)}</dd>
          <dd className="text-xs text-muted">{t('staff.mrrNote')}</dd>
        </div>
      </dl>
      <table className="mt-3 w-full text-sm">
        <caption className="text-left font-semibold">{t('staff.byPlan')}</caption>
        <tbody>
          {figures.byPlan.map((p) => (
            <tr key={p.plan} className="border-t border-ink/10">
              <th scope="row" className="py-1 text-left">{plans.find((x) => x.slug === p.plan)?.name ?? p.plan}</th>
              <td>{Object.entries(p.states).map(([s, c]) => `${t(`account.state.${s}`)}: ${c}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <Form method="get" className="mt-6 flex flex-wrap items-end gap-2" aria-label={t('staff.filter')}>
        <label className="text-sm">
          {t('staff.search')}
          <input name="q" defaultValue={filter.q ?? ''} className="field-input mt-1 block" maxLength={100} />
        </label>
        <label className="text-sm">
          {t('staff.plan')}
          <select name="plan" defaultValue={filter.plan ?? ''} className="field-input mt-1 block">
            <option value="">{t('staff.allPlans')}</option>
            {plans.map((p) => (
              <option key={p.slug} value={p.slug}>{p.name}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          {t('staff.state')}
          <select name="state" defaultValue={filter.state ?? ''} className="field-input mt-1 block">
            <option value="">{t('staff.allStates')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>{t(`account.state.${s}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-secondary">{t('staff.apply')}</button>
      </Form>

      <form method="post" action={`${locale === 'ru' ? '/ru' : ''}/staff/members.csv`} className="mt-2">
        {filter.q ? <input type="hidden" name="q" value={filter.q} /> : null}
        {filter.plan ? <input type="hidden" name="plan" value={filter.plan} /> : null}
        {filter.state ? <input type="hidden" name="state" value={filter.state} /> : null}
        <button type="submit" className="btn btn-secondary">{t('staff.export')}</button>
      </form>
      {members.length === 0 ? (
        <p className="mt-4">{t('staff.none')}</p>
      ) : (
        <ul className="mt-4 divide-y divide-ink/10 rounded-lg border border-ink/10 bg-white">
          {members.map((m) => (
            <li key={m.id} className="p-3">
              <p className="font-semibold">
                {m.name} <span className="font-normal text-muted">{m.email}</span>
              </p>
              <p className="text-sm">
                {m.plan} · {t(`account.state.${m.state}`)} · {t(`staff.source.${m.source}`)} · {t('staff.since')} {date(m.since)} · {t('staff.until')} {date(m.until)}
                {m.concessionKind ? ` · ${t('staff.concessionClaim', { kind: t(`kind.${m.concessionKind}`) })}` : ''}
              </p>
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer">{t('staff.history')}</summary>
                <ol className="mt-1 list-disc pl-5">
                  {m.history.map((h) => (
                    <li key={h.id}>{date(h.at)}: {t(`staff.kinds.${h.kind}`, { defaultValue: h.kind })}</li>
                  ))}
                </ol>
              </details>
              {m.source === 'honorary' && m.state === 'honorary' ? (
                <Form method="post" className="mt-1">
                  <input type="hidden" name="intent" value="end" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <button type="submit" className="btn btn-secondary">{t('staff.end')}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2 className="mt-8 font-serif text-xl">{t('staff.honorary')}</h2>
      <Form method="post" className="mt-2 grid max-w-md gap-2">
        <input type="hidden" name="intent" value="grant" />
        <label className="text-sm">
          {t('staff.person')}
          <input name="email" type="email" required maxLength={200} className="field-input mt-1 block w-full" />
        </label>
        <label className="text-sm">
          {t('staff.plan')}
          <select name="plan" required className="field-input mt-1 block w-full">
            {plans.map((p) => (
              <option key={p.slug} value={p.slug}>{p.name}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          {t('staff.endsOn')}
          <input name="endsOn" type="date" required className="field-input mt-1 block w-full" />
        </label>
        <label className="text-sm">
          {t('staff.reason')}
          <textarea name="reason" required maxLength={500} className="field-input mt-1 block w-full" />
        </label>
        <button type="submit" className="btn btn-primary">{t('staff.grant')}</button>
      </Form>
    </section>
  )
}
