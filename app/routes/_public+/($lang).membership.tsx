// The plans side by side, and joining: a guest is sent to sign in and comes back here; a member is
// sent to their membership; everyone else goes to Stripe Checkout (subscription mode).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect, redirectDocument } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { publicOrigin } from '~/accounts/links.server'
import { getViewer } from '~/accounts/session.server'
import { formatMoney } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localeFromParam, localePath } from '~/i18n/locale'
import { memberBenefits } from '~/membership/benefits.server'
import { CONCESSION_KINDS } from '~/membership/constants'
import { joinSchema, startJoin, type JoinError } from '~/membership/join.server'
import { listActivePlans } from '~/membership/plans.server'
import { LocaleLink, useLocale } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const t = getT(locale, 'membership')
  const db = getDb()
  const viewer = await getViewer(request)
  const member = viewer ? memberBenefits(db, viewer.id) : null
  return {
    title: `${t('title')} — ${getT(locale)('club')}`,
    signedIn: viewer !== null,
    member: member ? { planEn: member.planNameEn, planRu: member.planNameRu } : null,
    plans: listActivePlans(db).map((p) => ({
      slug: p.slug,
      name: locale === 'ru' ? p.nameRu : p.nameEn,
      description: locale === 'ru' ? p.descriptionRu : p.descriptionEn,
      benefits: (locale === 'ru' ? p.benefitsRu : p.benefitsEn).split('\n').filter(Boolean),
      currency: p.currency,
      monthly: p.monthlyPricePence,
      yearly: p.yearlyPricePence,
      concessionMonthly: p.concessionMonthlyPricePence,
      concessionYearly: p.concessionYearlyPricePence,
      discount: p.memberDiscountPercent,
      presaleHours: p.presaleLeadHours,
      membersOnly: p.admitsMembersOnly,
    })),
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeFromParam(params.lang)
  if (!locale) throw notFound()
  const form = await readFormData(request)
  const viewer = await getViewer(request)
  const here = localePath(locale, '/membership')
  if (!viewer) throw redirect(`${localePath(locale, '/login')}?redirectTo=${encodeURIComponent(here)}`, 303)
  const parsed = joinSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string' && v !== '')))
  if (!parsed.success) return data({ error: { code: 'bad_input' } as JoinError | { code: 'unavailable' } }, { status: 400 })
  const origin = publicOrigin(request)
  try {
    const result = await startJoin(getDb(), { id: viewer.id, email: viewer.email }, parsed.data, {
      baseUrl: origin,
      locale,
      successUrl: `${origin}${localePath(locale, '/account/membership')}?joined=1`,
      cancelUrl: `${origin}${here}`,
    })
    // A whole-page redirect: Stripe's hosted page (or the sandbox's) is not a Remix route.
    if (result.ok) throw redirectDocument(result.url, 303)
    if (result.error.code === 'already_member') throw redirect(localePath(locale, '/account/membership'), 303)
    return data({ error: result.error as JoinError | { code: 'unavailable' } }, { status: 400 })
  } catch (error) {
    if (error instanceof Response) throw error
    console.error('membership join failed', error)
    return data({ error: { code: 'unavailable' } as JoinError | { code: 'unavailable' } }, { status: 503 })
  }
}

export default function Membership() {
  const { plans, signedIn, member } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation('membership')
  const locale = useLocale()
  const money = (p: number | null, c: string) => (p === null ? null : formatMoney(p, c, locale))
  return (
    <article aria-labelledby="membership-title">
      <h1 id="membership-title" className="font-serif text-3xl">
        {t('title')}
      </h1>
      <p className="mt-4 max-w-3xl text-lg">{t('lead')}</p>
      {member ? (
        <p role="status" className="mt-4 rounded border border-ink/10 bg-emerald-50 p-4">
          {t('youAreMember', { plan: locale === 'ru' ? member.planRu : member.planEn })}{' '}
          <LocaleLink to="/account/membership" className="link">
            {t('seeMembership')}
          </LocaleLink>
        </p>
      ) : null}
      {result?.error ? (
        <p role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 font-semibold text-accent">
          {t(`errors.${result.error.code}`)}
        </p>
      ) : null}
      <h2 className="mt-8 font-serif text-2xl">{t('plansHeading')}</h2>
      <ul className="mt-4 grid gap-4 md:grid-cols-3">
        {plans.map((p) => {
          const hasConcession = p.concessionMonthly !== null || p.concessionYearly !== null
          return (
            <li key={p.slug} className="flex flex-col rounded-lg border border-ink/10 bg-white p-4" aria-labelledby={`plan-${p.slug}`}>
              <h3 id={`plan-${p.slug}`} className="font-serif text-xl">
                {p.name}
              </h3>
              <p className="mt-1 space-x-2 font-semibold text-accent">
                {p.monthly !== null ? <span className="block">{t('perMonth', { price: money(p.monthly, p.currency) })}</span> : null}
                {p.yearly !== null ? <span className="block">{t('perYear', { price: money(p.yearly, p.currency) })}</span> : null}
              </p>
              {hasConcession ? (
                <p className="text-sm text-muted">
                  {t('concessionPrice', {
                    price: [p.concessionMonthly !== null ? t('perMonth', { price: money(p.concessionMonthly, p.currency) }) : null, p.concessionYearly !== null ? t('perYear', { price: money(p.concessionYearly, p.currency) }) : null]
                      .filter(Boolean)
                      .join(' · '),
                  })}
                </p>
              ) : null}
              <p className="mt-2 text-sm">{p.description}</p>
              <h4 className="mt-3 text-sm font-semibold">{t('whatYouGet')}</h4>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {p.discount > 0 ? <li>{t('discount', { percent: p.discount })}</li> : null}
                {p.presaleHours > 0 ? <li>{t('presale', { count: p.presaleHours })}</li> : null}
                {p.membersOnly ? <li>{t('membersOnlyEvents')}</li> : null}
                {p.benefits.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
              {member ? null : (
                <Form method="post" className="mt-auto pt-4">
                  <input type="hidden" name="plan" value={p.slug} />
                  <fieldset>
                    <legend className="text-sm font-semibold">{t('choose')}</legend>
                    <div className="mt-1 flex gap-4">
                      {p.monthly !== null ? (
                        <label className="flex items-center gap-1 text-sm">
                          <input type="radio" name="interval" value="month" defaultChecked /> {t('monthly')}
                        </label>
                      ) : null}
                      {p.yearly !== null ? (
                        <label className="flex items-center gap-1 text-sm">
                          <input type="radio" name="interval" value="year" defaultChecked={p.monthly === null} /> {t('yearly')}
                        </label>
                      ) : null}
                    </div>
                  </fieldset>
                  {hasConcession ? (
                    <div className="mt-2 text-sm">
                      <label className="flex items-center gap-1">
                        <input type="checkbox" name="concession" value="on" /> {t('claimConcession')}
                      </label>
                      <label className="mt-1 block">
                        <span className="sr-only">{t('concessionKind')}</span>
                        <select name="concessionKind" className="field-input mt-1" defaultValue="" aria-label={t('concessionKind')}>
                          <option value="">{t('concessionKind')}…</option>
                          {CONCESSION_KINDS.map((k) => (
                            <option key={k} value={k}>
                              {t(`kind.${k}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                    </div>
                  ) : null}
                  <button type="submit" className="btn btn-primary mt-3 w-full" disabled={navigation.state === 'submitting'}>
                    {signedIn ? t('join', { plan: p.name }) : t('signInToJoin')}
                  </button>
                </Form>
              )}
            </li>
          )
        })}
      </ul>
      <p className="mt-6 max-w-3xl text-sm text-muted">{t('concessionNote')}</p>
    </article>
  )
}
