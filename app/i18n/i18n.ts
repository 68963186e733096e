/**
 * i18next, with every namespace bundled: the messages are small, and bundling lets the server and
 * the browser initialise synchronously with the same strings (no flash of keys on hydration).
 * Plural forms come from Intl.PluralRules: Russian keys end in _one, _few, _many, _other.
 */
import i18next, { type i18n as I18n, type TFunction } from 'i18next'
import type { Locale } from './locale'
import accounts from './messages/accounts'
import audit from './messages/audit'
import calendar from './messages/calendar'
import common from './messages/common'
import door from './messages/door'
import doorScreen from './messages/door-screen'
import http from './messages/http'
import mail from './messages/mail'
import membership from './messages/membership'
import staff from './messages/staff'
import ticketing from './messages/ticketing'

type Messages = { en: Record<string, unknown>; ru: Record<string, unknown> }

// Each file in messages/ is a namespace named after the file, listed here by hand (not with Vite's
// import.meta.glob) so that the scripts run by tsx outside Vite (reconcile, stripe:sync) load the
// same messages; app/i18n/i18n.test.ts fails if a file in messages/ is missing from this list.
export const MESSAGE_FILES: Record<string, Messages> = {
  'accounts': accounts,
  'audit': audit,
  'calendar': calendar,
  'common': common,
  'door': door,
  'door-screen': doorScreen,
  'http': http,
  'mail': mail,
  'membership': membership,
  'staff': staff,
  'ticketing': ticketing,
}

export const resources: Record<Locale, Record<string, Record<string, unknown>>> = { en: {}, ru: {} }
for (const [ns, messages] of Object.entries(MESSAGE_FILES)) {
  resources.en[ns] = messages.en
  resources.ru[ns] = messages.ru
}
export const namespaces = Object.keys(resources.en)

const instances = new Map<Locale, I18n>()

/** One ready instance per language, shared: nothing changes its language after creation. */
export function getI18n(locale: Locale): I18n {
  let instance = instances.get(locale)
  if (!instance) {
    instance = i18next.createInstance()
    void instance.init({
      lng: locale,
      fallbackLng: 'en',
      resources,
      ns: namespaces,
      defaultNS: 'common',
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes; mail templates escape themselves
      returnNull: false,
      showSupportNotice: false,
    })
    memoiseTranslations(instance)
    instances.set(locale, instance)
  }
  return instance
}

/**
 * A call to i18next's `t` costs some 10 µs (it copies its whole options object on every call), and a
 * page makes hundreds. The messages are bundled and an instance never changes its language, so a key
 * looked up without options always gives the same string: those are remembered, per namespace.
 * Calls with options (plurals, interpolation) still go to i18next.
 */
function memoiseTranslations(instance: I18n) {
  // i18next's overloads do not admit a pass-through of its own arguments.
  const original = instance.getFixedT.bind(instance) as (lng: unknown, ns?: unknown, keyPrefix?: unknown) => TFunction
  const byNamespace = new Map<string, TFunction>()
  instance.getFixedT = ((lng: string | readonly string[] | null, ns?: string | readonly string[] | null, keyPrefix?: string) => {
    if ((lng != null && lng !== instance.language) || keyPrefix || (ns != null && typeof ns !== 'string')) return original(lng, ns, keyPrefix)
    const name = ns ?? (instance.options.defaultNS as string)
    let memoised = byNamespace.get(name)
    if (!memoised) {
      const fixed = original(instance.language, name)
      const strings = new Map<string, string>()
      memoised = ((key: unknown, ...rest: unknown[]) => {
        if (rest.length > 0 || typeof key !== 'string') return (fixed as unknown as (...a: unknown[]) => unknown)(key, ...rest)
        let text = strings.get(key)
        if (text === undefined) {
          text = fixed(key) as string
          if (typeof text === 'string') strings.set(key, text)
        }
        return text
      }) as unknown as TFunction
      Object.assign(memoised, { lng: instance.language, ns: name })
      byNamespace.set(name, memoised)
    }
    return memoised
  }) as I18n['getFixedT']
}

/** A translate function for server code (mail, feeds, loaders' meta). */
export function getT(locale: Locale, ns = 'common'): TFunction {
  return getI18n(locale).getFixedT(locale, ns)
}
