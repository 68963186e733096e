import type { Locale } from '~/i18n/locale'

/** "16 KB", "6 MB", "16 КБ": a size limit as a person reads it, in their language. */
export function formatBytes(bytes: number, locale: Locale): string {
  if (bytes < 1024) return `${bytes} ${locale === 'ru' ? 'Б' : 'B'}`
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), locale === 'ru' ? 'МБ' : 'MB'] : [bytes / 1024, locale === 'ru' ? 'КБ' : 'KB']
  return `${new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(value)} ${unit}`
}
