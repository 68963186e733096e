/**
 * i18next, with every namespace bundled: the messages are small, and bundling lets the server and
 * the browser initialise synchronously with the same strings (no flash of keys on hydration).
 * Plural forms come from Intl.PluralRules: Russian keys end in _one, _few, _many, _other.
 */
import i18next, { type i18n as I18n, type TFunction } from 'i18next'
import type { Locale } from './locale'

type Messages = { en: Record<string, unknown>; ru: Record<string, unknown> }

// Each file in messages/ is a namespace named after the file; a capability adds its own file.
const modules = import.meta.glob<{ default: Messages }>('./messages/*.ts', { eager: true })

export const resources: Record<Locale, Record<string, Record<string, unknown>>> = { en: {}, ru: {} }
for (const [file, mod] of Object.entries(modules)) {
  const ns = file.replace(/^.*\/(.+)\.ts$/, '$1')
  resources.en[ns] = mod.default.en
  resources.ru[ns] = mod.default.ru
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
    instances.set(locale, instance)
  }
  return instance
}

/** A translate function for server code (mail, feeds, loaders' meta). */
export function getT(locale: Locale, ns = 'common'): TFunction {
  return getI18n(locale).getFixedT(locale, ns)
}
