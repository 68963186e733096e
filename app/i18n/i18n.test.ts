import { describe, expect, test } from 'vitest'
import { formatDateTimeWithZone, formatMoney, formatZone } from './format'
import i18next from 'i18next'
import { getI18n, getT, namespaces, resources } from './i18n'
import { localeFromParam, localePath, switchLocalePath } from './locale'
import { DateTime } from 'luxon'

describe('messages', () => {
  test('Russian plural forms are real', () => {
    const t = getT('ru')
    expect([1, 2, 5, 11, 21, 22, 25].map((count) => t('tickets', { count }))).toEqual([
      '1 билет',
      '2 билета',
      '5 билетов',
      '11 билетов',
      '21 билет',
      '22 билета',
      '25 билетов',
    ])
    expect(getT('en')('tickets', { count: 1 })).toBe('1 ticket')
    expect(getT('en')('tickets', { count: 3 })).toBe('3 tickets')
  })

  test('every English message has a Russian one and the reverse', () => {
    // Plural suffixes differ between the languages (_one/_other against _one/_few/_many), so compare keys without them.
    const keys = (obj: unknown, prefix = ''): string[] =>
      Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null
          ? keys(v, `${prefix}${k}.`)
          : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`],
      )
    expect(namespaces).toContain('common')
    for (const ns of namespaces) {
      const en = [...new Set(keys(resources.en[ns]))].sort()
      const ru = [...new Set(keys(resources.ru[ns]))].sort()
      expect(ru, `namespace ${ns}`).toEqual(en)
    }
  })
})

describe('remembered translations', () => {
  test('give what a plain i18next instance gives, for every key in both languages', () => {
    for (const locale of ['en', 'ru'] as const) {
      const plain = i18next.createInstance()
      void plain.init({ lng: locale, fallbackLng: 'en', resources, ns: namespaces, defaultNS: 'common', initAsync: false, interpolation: { escapeValue: false } })
      for (const ns of namespaces) {
        const ours = getT(locale, ns)
        const theirs = plain.getFixedT(locale, ns)
        const keys = (obj: unknown, prefix = ''): string[] =>
          Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
        for (const key of keys(resources[locale][ns])) {
          // Twice: the second answer comes from the memory.
          expect(ours(key), `${locale} ${ns}:${key}`).toBe(theirs(key))
          expect(ours(key), `${locale} ${ns}:${key}`).toBe(theirs(key))
        }
      }
    }
  })

  test('calls with options still interpolate and pluralise each time', () => {
    const t = getI18n('ru').getFixedT(null, 'common')
    expect(t('tickets', { count: 2 })).toBe('2 билета')
    expect(t('tickets', { count: 5 })).toBe('5 билетов')
    // One function per namespace, not one per component render.
    expect(getI18n('ru').getFixedT(null, 'common')).toBe(t)
  })
})

describe('locale in the URL', () => {
  test('English at the root, Russian under /ru, anything else is not a page', () => {
    expect(localeFromParam(undefined)).toBe('en')
    expect(localeFromParam('ru')).toBe('ru')
    expect(localeFromParam('de')).toBeNull()
    expect(localePath('ru', '/')).toBe('/ru')
    expect(localePath('ru', '/events')).toBe('/ru/events')
    expect(localePath('en', '/events')).toBe('/events')
  })

  test('the switch keeps the reader on the same page and query', () => {
    expect(switchLocalePath('/events/opening-night', '?kind=talk', 'ru')).toBe('/ru/events/opening-night?kind=talk')
    expect(switchLocalePath('/ru/events/opening-night', '', 'en')).toBe('/events/opening-night')
    expect(switchLocalePath('/ru', '', 'en')).toBe('/')
    expect(switchLocalePath('/', '', 'ru')).toBe('/ru')
    // A path that merely starts with "ru" is not Russian.
    expect(switchLocalePath('/rules', '', 'ru')).toBe('/ru/rules')
  })
})

describe('formatting', () => {
  const winter = DateTime.fromISO('2026-11-10T19:00', { zone: 'Europe/London' }).toMillis()
  const summer = DateTime.fromISO('2027-06-10T19:00', { zone: 'Europe/London' }).toMillis()

  test('dates in London time in each language, with the zone shown', () => {
    expect(formatDateTimeWithZone(winter, 'en')).toBe('10 November, 19:00 GMT')
    expect(formatDateTimeWithZone(winter, 'ru')).toBe('10 ноября, 19:00 GMT')
    expect(formatZone(summer)).toBe('BST')
    expect(formatDateTimeWithZone(summer, 'en')).toBe('10 June, 19:00 BST')
  })

  test('money per language', () => {
    expect(formatMoney(1200, 'GBP', 'en')).toBe('£12.00')
    expect(formatMoney(1200, 'GBP', 'ru').replace(/\s/g, ' ')).toBe('12,00 £')
  })
})

describe('message files', () => {
  test('every file in app/i18n/messages is a registered namespace (the list in i18n.ts is by hand)', async () => {
    const fs = await import('node:fs')
    const { MESSAGE_FILES } = await import('./i18n')
    const files = fs
      .readdirSync(new URL('./messages', import.meta.url))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
    expect(Object.keys(MESSAGE_FILES).sort()).toEqual(files)
  })
})
