/** A member's mail at each change of their membership, in their language. */
import type { Locale } from '#db/schema'
import { formatDate } from '~/i18n/format'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { renderEmail } from '~/mail/layout.server'
import type { OutgoingEmail } from '~/mail/outbox.server'

export const EMAIL_KINDS = ['joined', 'plan_changed', 'payment_failed', 'payment_fixed', 'cancelling', 'resumed', 'ended', 'lapsed', 'granted'] as const
export type MembershipEmailKind = (typeof EMAIL_KINDS)[number]

export function membershipEmail(
  kind: MembershipEmailKind,
  m: { to: string; locale: Locale; name: string; planEn: string; planRu: string; date: number | null; baseUrl: string },
): Omit<OutgoingEmail, 'dedupeKey'> {
  const t = getT(m.locale, 'membership')
  const plan = m.locale === 'ru' ? m.planRu : m.planEn
  const date = m.date ? formatDate(m.date, m.locale) : ''
  const subject = t(`email.${kind}.subject`, { plan })
  const fixCard = kind === 'payment_failed'
  const rejoin = kind === 'ended' || kind === 'lapsed'
  const path = rejoin ? '/membership' : '/account/membership'
  return {
    to: m.to,
    locale: m.locale,
    template: `membership.${kind}`,
    ...renderEmail({
      locale: m.locale,
      subject,
      heading: subject,
      paragraphs: [t('email.greeting', { name: m.name }), t(`email.${kind}.body`, { plan, date })],
      action: { label: t(fixCard ? 'email.fixCard' : rejoin ? 'email.rejoin' : 'email.open'), url: m.baseUrl + localePath(m.locale, path) },
    }),
  }
}
