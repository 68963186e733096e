/**
 * The accounts' forms. Messages are keys in the `accounts` namespace; the server translates them
 * before replying (see translateReply), so the page shows them in the reader's language.
 */
import { z } from 'zod'
import { lineText } from '~/utils/text'

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 200

const required = { error: 'errors.required' }

export const emailField = z
  .string(required)
  .trim()
  .toLowerCase()
  .max(254, 'errors.emailInvalid')
  .pipe(z.email('errors.emailInvalid'))
export const passwordField = z
  .string(required)
  .min(PASSWORD_MIN_LENGTH, 'errors.passwordTooShort')
  .max(PASSWORD_MAX_LENGTH, 'errors.passwordTooLong')
/** For sign-in: any length is checked against the hash (no hints about the rules of old passwords). */
export const anyPassword = z.string(required).max(PASSWORD_MAX_LENGTH, 'errors.passwordTooLong')
/** Control and bidi-override characters removed, line breaks made spaces (app/utils/text.ts). */
export const nameField = lineText(required).trim().min(1, 'errors.required').max(120, 'errors.nameTooLong')
export const localeField = z.enum(['en', 'ru'], { error: 'errors.languageInvalid' })
/** The honeypot: hidden from people, filled in by bots. */
export const honeypot = z.string().optional()
export const codeField = z.string(required).trim().regex(/^\d{6}$/, 'errors.codeFormat')

export const registerSchema = z.object({
  name: nameField,
  email: emailField,
  password: passwordField,
  locale: localeField,
  newsletter: z.boolean().optional().default(false),
  privacy: z.boolean({ error: 'errors.privacyRequired' }),
  website: honeypot,
  redirectTo: z.string().optional(),
})

export const loginSchema = z.object({
  email: emailField,
  password: anyPassword,
  website: honeypot,
  redirectTo: z.string().optional(),
})

export const emailOnlySchema = z.object({ email: emailField, website: honeypot, redirectTo: z.string().optional() })

export const codeSchema = z.object({ email: emailField, code: codeField, website: honeypot })

export const resetSchema = z.object({ token: z.string(required), password: passwordField })

export const profileSchema = z.object({
  intent: z.literal('profile'),
  name: nameField,
  locale: localeField,
  newsletter: z.boolean().optional().default(false),
})
export const emailChangeSchema = z.object({ intent: z.literal('email'), newEmail: emailField, currentPassword: z.string().optional() })
export const passwordChangeSchema = z.object({ intent: z.literal('password'), currentPassword: z.string().optional(), newPassword: passwordField })

/** Roles an admin grants or withdraws (everyone is a member). */
export { GRANTABLE_ROLES, type GrantableRole } from './permissions'
