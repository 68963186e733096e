/** The accounts' messages, in the recipient's language, as text and HTML (through the shared layout). */
import type { Locale } from '#db/schema'
import { getT } from '~/i18n/i18n'
import { renderEmail } from '~/mail/layout.server'
import { absoluteUrl } from './links.server'

type Rendered = { template: string; subject: string; text: string; html: string }

function mail(
  locale: Locale,
  key: string,
  vars: Record<string, string>,
  action?: { path: string; origin: string },
): Rendered {
  const t = getT(locale, 'accounts')
  const paragraphs = t(`mail.${key}.paragraphs`, { returnObjects: true, ...vars }) as unknown
  const subject = t(`mail.${key}.subject`, vars)
  return {
    template: `accounts.${key}`,
    ...renderEmail({
      locale,
      subject,
      heading: t(`mail.${key}.heading`, vars),
      paragraphs: Array.isArray(paragraphs) ? paragraphs.map(String) : [String(paragraphs)],
      action: action ? { label: t(`mail.${key}.action`, vars), url: absoluteUrl(action.origin, locale, action.path) } : undefined,
    }),
  }
}

const verifyPath = (token: string) => `/verify?token=${encodeURIComponent(token)}`

export const accountEmails = {
  confirmEmail: (locale: Locale, origin: string, name: string, token: string, code: string) =>
    mail(locale, 'confirmEmail', { name, code }, { origin, path: verifyPath(token) }),
  alreadyRegistered: (locale: Locale, origin: string, name: string) =>
    mail(locale, 'alreadyRegistered', { name }, { origin, path: '/login' }),
  signInLink: (locale: Locale, origin: string, name: string, token: string) =>
    mail(locale, 'signInLink', { name }, { origin, path: verifyPath(token) }),
  resetPassword: (locale: Locale, origin: string, name: string, token: string) =>
    mail(locale, 'resetPassword', { name }, { origin, path: `/reset-password?token=${encodeURIComponent(token)}` }),
  changeEmail: (locale: Locale, origin: string, name: string, token: string) =>
    mail(locale, 'changeEmail', { name }, { origin, path: verifyPath(token) }),
  emailChangeRequested: (locale: Locale, name: string, newEmail: string) =>
    mail(locale, 'emailChangeRequested', { name, newEmail }),
  emailTaken: (locale: Locale, origin: string) => mail(locale, 'emailTaken', {}, { origin, path: '/login' }),
  passwordChanged: (locale: Locale, origin: string, name: string) =>
    mail(locale, 'passwordChanged', { name }, { origin, path: '/forgot-password' }),
}
